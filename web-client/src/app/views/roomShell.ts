// The frame every room view shares: a header (class, who you are, connection state), the stage (main video
// and tiles), the side panel (raised hands for those who run the stage, participants, chat), the toolbar, and
// the stats overlay. Views fill the stage and add their own toolbar buttons.

import type { ClassSession } from '../session';
import { describeState } from '../state';
import { StatsOverlay } from '../statsOverlay';
import { chatPanel } from './chatPanel';
import { clear, h } from './dom';
import { handsPanel } from './handsPanel';
import { participantsPanel, ROLE_LABELS } from './participantsPanel';

export interface RoomShell {
  root: HTMLElement;
  /** The big area: the main video (or the presenter's preview). */
  main: HTMLElement;
  /** Other videos (speakers, screen shares). */
  tiles: HTMLElement;
  /** Hidden container for <audio> elements. */
  audio: HTMLElement;
  /** The side panel: raised hands, participants, chat. */
  side: HTMLElement;
  /** Shows why an action (a button, a menu) failed; empty text clears it. */
  note: (text: string) => void;
  /** Buttons that act on your own media and view. */
  toolbar: HTMLElement;
  stats: StatsOverlay;
}

export function buildShell(session: ClassSession, container: HTMLElement): RoomShell {
  const { settings } = session;
  document.title = `${settings.room} · RtcLive`;
  document.body.classList.add('in-room');

  const stateText = h('span', { class: 'state-text', id: 'state', text: describeState(session.state) });
  const stateBadge = h('p', { class: 'state', role: 'status', 'aria-live': 'polite', 'data-state': session.state }, h('span', { class: 'dot', 'aria-hidden': 'true' }), stateText);
  const message = h('p', { class: 'message', id: 'message', 'aria-live': 'polite', hidden: true });
  const header = h('header', { class: 'room-bar' },
    h('div', { class: 'who' },
      h('h1', { text: settings.room }),
      h('p', { class: 'me' })),
    stateBadge);
  const me = header.querySelector('.me') as HTMLElement;
  const showMe = () => {
    me.textContent = `${settings.name} · ${ROLE_LABELS[session.role] ?? session.role}${settings.probe ? ' · latency probe' : ''}`;
  };
  session.on('role', showMe);
  showMe();

  const main = h('div', { class: 'main-video empty', role: 'region', 'aria-label': 'Main video' },
    h('p', { class: 'placeholder', text: session.publishing ? 'Your camera appears here once you join.' : 'Waiting for the presenter’s video…' }));
  const tiles = h('div', { class: 'tiles', role: 'region', 'aria-label': 'Other videos', hidden: true });
  const audio = h('div', { class: 'audio', hidden: true });
  const stage = h('main', { class: 'stage', id: 'stage' }, main, tiles, audio);

  const noteLine = h('p', { class: 'notice', id: 'action-note', role: 'status', 'aria-live': 'polite' });
  const note = (text: string) => { noteLine.textContent = text; };
  const side = h('aside', { class: 'side', 'aria-label': 'Class' },
    handsPanel(session, note), participantsPanel(session, note), chatPanel(session));

  const join = h('button', { type: 'button', class: 'button', id: 'join', text: 'Join class' });
  const leave = h('button', { type: 'button', class: 'button danger', id: 'leave', text: 'Leave', hidden: true });
  join.addEventListener('click', () => void session.join());
  leave.addEventListener('click', () => void session.leave());
  const toolbar = h('div', { class: 'toolbar-group', role: 'group', 'aria-label': 'Controls' });
  const stats = new StatsOverlay(session);
  const footer = h('footer', { class: 'toolbar' }, join, toolbar, stats.button, leave, noteLine);

  const root = h('div', { class: 'room', 'data-role': settings.role }, header, message, stage, side, footer, stats.panel);
  clear(container);
  container.append(root);

  const showState = () => {
    const state = session.state;
    stateBadge.dataset.state = state;
    stateText.textContent = describeState(state);
    const inClass = state === 'connecting' || state === 'connected' || state === 'reconnecting';
    join.hidden = inClass || state === 'ended' || state === 'removed';
    join.textContent = state === 'failed' ? 'Try again' : state === 'idle' && session.message ? 'Join again' : 'Join class';
    leave.hidden = !inClass;
  };
  const showMessage = () => {
    message.hidden = !session.message;
    message.textContent = session.message ?? '';
    message.classList.toggle('error', session.state === 'failed');
  };
  session.on('state', showState);
  session.on('message', showMessage);
  showState();
  showMessage();

  return { root, main, tiles, audio, side, toolbar, stats, note };
}

/** A toggle button with aria-pressed and two labels. */
export function toggleButton(labels: { on: string; off: string }, pressed: boolean, onChange: (pressed: boolean) => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'button secondary toggle' });
  const show = (value: boolean) => {
    button.setAttribute('aria-pressed', String(value));
    button.textContent = value ? labels.on : labels.off;
  };
  show(pressed);
  button.addEventListener('click', () => {
    const next = button.getAttribute('aria-pressed') !== 'true';
    show(next);
    onChange(next);
  });
  return button;
}

/** Fullscreen for an element, with the prefixed fallback; null where the browser has neither. */
export function fullscreenButton(target: HTMLElement): HTMLButtonElement | null {
  type Prefixed = HTMLElement & { webkitRequestFullscreen?: () => void };
  type PrefixedDoc = Document & { webkitExitFullscreen?: () => void; webkitFullscreenElement?: Element | null };
  const el = target as Prefixed;
  const doc = document as PrefixedDoc;
  if (typeof el.requestFullscreen !== 'function' && typeof el.webkitRequestFullscreen !== 'function') return null;
  const button = h('button', { type: 'button', class: 'button secondary', text: 'Fullscreen' });
  button.addEventListener('click', () => {
    const current = doc.fullscreenElement ?? doc.webkitFullscreenElement ?? null;
    if (current) {
      if (typeof doc.exitFullscreen === 'function') void doc.exitFullscreen().catch(() => undefined);
      else doc.webkitExitFullscreen?.();
    } else if (typeof el.requestFullscreen === 'function') void el.requestFullscreen().catch(() => undefined);
    else el.webkitRequestFullscreen?.();
  });
  return button;
}
