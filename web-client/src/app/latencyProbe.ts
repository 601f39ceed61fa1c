// The latency probe. The sender paints its clock (performance.timeOrigin + performance.now(), integer ms) into
// a canvas test pattern as large black and white blocks and publishes canvas.captureStream(30); a receiver reads
// the blocks back from every decoded frame and reports now − sent: the glass-to-glass delay (the clocks agree
// when both pages run on one machine, as in the tests).
//
// Layout, in a 16 × 9 grid of square cells over the whole frame (so any simulcast layer keeps the geometry;
// at 320 × 180 a cell is still 20 × 20 px):
//   row 0: a fixed 16-bit marker, so a reader knows the frame carries a clock
//   rows 1–3: the clock, 48 bits as three 16-bit words, most significant first
//   row 4: a check word (the three words XOR 0x5A5A), so a blurred or half-switched frame is rejected
//   rows 5–8: moving content (so the encoder has something to do) and a human-readable line
// White is 1, black is 0; a reader samples the centre of each cell and thresholds its luminance.

const COLS = 16;
const ROWS = 9;
const CODE_ROWS = 5;
const MARKER = 0xb2e4;
const CHECK_SALT = 0x5a5a;

export const PROBE_WIDTH = 1280;
export const PROBE_HEIGHT = 720;

function clockMs(): number {
  return Math.round(performance.timeOrigin + performance.now());
}

function words(ms: number): [number, number, number] {
  const hi = Math.floor(ms / 2 ** 32) & 0xffff;
  const mid = Math.floor(ms / 2 ** 16) & 0xffff;
  const lo = ms & 0xffff;
  return [hi, mid, lo];
}

/** The sending side: a canvas that repaints its clock 30 times a second, and its stream. */
export class ProbePattern {
  readonly canvas: HTMLCanvasElement;
  readonly stream: MediaStream;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly timer: number;
  private frame = 0;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.width = PROBE_WIDTH;
    this.canvas.height = PROBE_HEIGHT;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas: the latency probe needs one');
    if (typeof this.canvas.captureStream !== 'function') throw new Error('this browser cannot stream a canvas (captureStream): the latency probe needs it');
    this.ctx = ctx;
    this.paint();
    this.stream = this.canvas.captureStream(30);
    // A timer, not requestAnimationFrame: it keeps painting when the tab is not drawn (background, headless).
    this.timer = window.setInterval(() => this.paint(), 1000 / 30);
  }

  get track(): MediaStreamTrack {
    return this.stream.getVideoTracks()[0];
  }

  private paint(): void {
    const { ctx } = this;
    const cell = PROBE_WIDTH / COLS;
    const ms = clockMs();
    const [hi, mid, lo] = words(ms);
    const rows = [MARKER, hi, mid, lo, (hi ^ mid ^ lo ^ CHECK_SALT) & 0xffff];

    ctx.fillStyle = '#1f2937';
    ctx.fillRect(0, CODE_ROWS * cell, PROBE_WIDTH, PROBE_HEIGHT - CODE_ROWS * cell);
    rows.forEach((word, row) => {
      for (let col = 0; col < COLS; col++) {
        const bit = (word >> (COLS - 1 - col)) & 1;
        ctx.fillStyle = bit ? '#ffffff' : '#000000';
        ctx.fillRect(col * cell, row * cell, cell, cell);
      }
    });

    // Moving content below the code.
    this.frame++;
    const x = (this.frame * 12) % PROBE_WIDTH;
    ctx.fillStyle = '#2563eb';
    ctx.fillRect(x, CODE_ROWS * cell + 20, 120, 120);
    ctx.fillStyle = '#f59e0b';
    ctx.fillRect(PROBE_WIDTH - x - 120, CODE_ROWS * cell + 160, 120, 60);
    ctx.fillStyle = '#ffffff';
    ctx.font = '40px system-ui, sans-serif';
    ctx.fillText(`RtcLive latency probe · frame ${this.frame} · ${new Date(ms).toISOString().slice(11, 23)}`, 24, PROBE_HEIGHT - 40);
  }

  stop(): void {
    window.clearInterval(this.timer);
    for (const track of this.stream.getTracks()) track.stop();
  }
}

/** Decodes a clock from RGBA pixels of a frame drawn at COLS*scale × ROWS*scale; null if the frame carries none. */
export function decodeProbe(pixels: Uint8ClampedArray, width: number, height: number): number | null {
  const cellW = width / COLS;
  const cellH = height / ROWS;
  const readWord = (row: number): number => {
    let word = 0;
    for (let col = 0; col < COLS; col++) {
      // Average a small square at the cell's centre: robust to codec blur at the edges.
      const cx = Math.floor((col + 0.5) * cellW);
      const cy = Math.floor((row + 0.5) * cellH);
      let sum = 0, n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = Math.min(width - 1, Math.max(0, cx + dx));
          const y = Math.min(height - 1, Math.max(0, cy + dy));
          const i = (y * width + x) * 4;
          sum += 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
          n++;
        }
      }
      word = (word << 1) | (sum / n > 128 ? 1 : 0);
    }
    return word & 0xffff;
  };
  if (readWord(0) !== MARKER) return null;
  const hi = readWord(1), mid = readWord(2), lo = readWord(3);
  if (readWord(4) !== ((hi ^ mid ^ lo ^ CHECK_SALT) & 0xffff)) return null;
  return hi * 2 ** 32 + mid * 2 ** 16 + lo;
}

interface FrameMetadata { expectedDisplayTime?: number }
type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, metadata: FrameMetadata) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/**
 * The receiving side: reads every decoded frame of a video element (requestVideoFrameCallback, or a 30 Hz
 * timer where the browser lacks it) and keeps the latest delay.
 */
export class ProbeReader {
  /** The latest glass-to-glass delay in ms, or null when no probe frame has been seen. */
  latestMs: number | null = null;
  /** Recent delays, for the overlay's median. */
  private readonly recent: number[] = [];
  private video: FrameCallbackVideo | null = null;
  private handle = 0;
  private timer = 0;
  private readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D | null;

  constructor() {
    // 10 px per cell is plenty: the reader samples cell centres.
    this.canvas.width = COLS * 10;
    this.canvas.height = ROWS * 10;
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
  }

  /** Reads from this element from now on (null: stop reading). */
  attach(video: HTMLVideoElement | null): void {
    if (video === this.video) return;
    this.detach();
    this.video = video as FrameCallbackVideo | null;
    if (!this.video) {
      // Nothing to read any more (the presenter left, the page reconnects): no reading is current.
      this.latestMs = null;
      this.recent.length = 0;
      return;
    }
    if (typeof this.video.requestVideoFrameCallback === 'function') {
      const v = this.video;
      const onFrame = (now: number, metadata: FrameMetadata) => {
        if (this.video !== v) return;
        this.read(performance.timeOrigin + (metadata.expectedDisplayTime ?? now));
        this.handle = v.requestVideoFrameCallback!(onFrame);
      };
      this.handle = v.requestVideoFrameCallback(onFrame);
    } else {
      this.timer = window.setInterval(() => this.read(performance.timeOrigin + performance.now()), 1000 / 30);
    }
  }

  /** The median of the last delays read (steadier than the latest, for people). */
  get medianMs(): number | null {
    if (!this.recent.length) return null;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  private detach(): void {
    if (this.video && this.handle && typeof this.video.cancelVideoFrameCallback === 'function') this.video.cancelVideoFrameCallback(this.handle);
    window.clearInterval(this.timer);
    this.handle = 0;
    this.timer = 0;
    this.video = null;
  }

  private read(displayedAt: number): void {
    const video = this.video;
    if (!video || !this.ctx || video.videoWidth === 0 || video.readyState < 2) return;
    const { width, height } = this.canvas;
    try {
      this.ctx.drawImage(video, 0, 0, width, height);
      const sent = decodeProbe(this.ctx.getImageData(0, 0, width, height).data, width, height);
      if (sent === null) return;
      const delay = Math.round(displayedAt - sent);
      if (Math.abs(delay) > 3_600_000) return; // not this clock (or not this century)
      this.latestMs = delay;
      this.recent.push(delay);
      if (this.recent.length > 60) this.recent.shift();
    } catch {
      // a frame that cannot be read (tainted, torn down) is skipped
    }
  }

  stop(): void {
    this.detach();
  }
}
