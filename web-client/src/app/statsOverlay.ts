// The stats overlay: a toggle button and a panel (bitrate in and out, layer received, loss, RTT, jitter, frames
// decoded and sent, glass-to-glass delay from the latency probe). It polls once a second while it is open.

import type { MediaTotals } from './mediaStats';
import type { ClassSession } from './session';
import { h } from './views/dom';

const LAYER_NAMES: Record<string, string> = { q: 'q (low)', h: 'h (medium)', f: 'f (high)' };

function kbps(bytes: number, prevBytes: number, ms: number): string {
  return ms > 0 && bytes >= prevBytes ? `${Math.round(((bytes - prevBytes) * 8) / ms)} kbit/s` : '–';
}

export class StatsOverlay {
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly fields = new Map<string, HTMLElement>();
  private timer = 0;
  private previous: MediaTotals | null = null;
  private busy = false;

  constructor(private readonly session: ClassSession) {
    this.panel = h('section', { class: 'stats-overlay', id: 'stats-overlay', 'aria-label': 'Connection statistics', hidden: true });
    const list = h('dl', { class: 'stats' });
    const rows: [string, string][] = [
      ['state', 'state'], ['node', 'SFU node'], ['in', 'bitrate in'], ['out', 'bitrate out'], ['layer', 'layer received'],
      ['loss', 'loss'], ['rtt', 'round trip'], ['jitter', 'jitter'], ['decoded', 'frames decoded'], ['sent', 'frames sent'],
      ['g2g', 'glass-to-glass'],
    ];
    for (const [key, label] of rows) {
      const dd = h('dd', { 'data-stat': key, text: '–' });
      this.fields.set(key, dd);
      list.append(h('dt', { text: label }), dd);
    }
    this.panel.append(h('h2', { text: 'Statistics' }), list);
    this.button = h('button', { type: 'button', class: 'button secondary', 'aria-pressed': 'false', 'aria-controls': 'stats-overlay', text: 'Stats' });
    this.button.addEventListener('click', () => this.toggle());
  }

  toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-pressed', String(open));
    window.clearInterval(this.timer);
    this.previous = null;
    if (open) {
      void this.update();
      this.timer = window.setInterval(() => void this.update(), 1000);
    }
  }

  private set(key: string, text: string): void {
    const el = this.fields.get(key);
    if (el) el.textContent = text;
  }

  private async update(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { stats, totals } = await this.session.readStats();
      const prev = this.previous;
      const ms = prev ? totals.at - prev.at : 0;
      this.set('state', this.session.state);
      this.set('node', stats.node ?? '–');
      this.set('in', prev ? kbps(totals.allBytesReceived, prev.allBytesReceived, ms) : '–');
      this.set('out', prev ? kbps(totals.allBytesSent, prev.allBytesSent, ms) : '–');
      this.set('layer', stats.layer ? LAYER_NAMES[stats.layer] : '–');
      const lost = totals.packetsLost, got = totals.packetsReceived;
      this.set('loss', got + lost > 0 ? `${((100 * lost) / (got + lost)).toFixed(1)} % (${lost} packets)` : '–');
      this.set('rtt', stats.rttMs === null ? '–' : `${stats.rttMs.toFixed(1)} ms`);
      this.set('jitter', totals.jitterMs === null ? '–' : `${totals.jitterMs.toFixed(1)} ms`);
      this.set('decoded', String(stats.framesDecoded));
      this.set('sent', String(stats.framesSent));
      const median = this.session.probeReader.medianMs;
      this.set('g2g', stats.glassToGlassMs === null ? 'no probe pattern seen' : `${stats.glassToGlassMs} ms (median ${median} ms)`);
      this.previous = totals;
    } catch (err) {
      this.set('state', `${this.session.state} (${(err as Error).message})`);
    } finally {
      this.busy = false;
    }
  }
}
