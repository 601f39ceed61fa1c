// The frame every room view shares: a header (class, who you are, connection state), the stage (main video
// and tiles), the side panel (participants now; chat and raised hands later), the toolbar, and the stats
// overlay. Views fill the stage and add their own toolbar buttons.

import type { ClassSession } from '../session';
import { describeState } from '../state';
import { StatsOverlay } from '../statsOverlay';
import { clear, h } from './dom';

export interface RoomShell {
  root: HTMLElement;
  /** The big area: the main video (or the presenter's preview). */
  main: HTMLElement;
  /** Other videos (speakers, screen shares). */
  tiles: HTMLElement;
  /** Hidden container for <audio> elements. */
  audio: HTMLElement;
  /** The side panel: sections are appended here (participants; later hands, chat). */
  side: HTMLElement;
  /** Buttons that act on your own media and view. */
  toolbar: HTMLElement;
  stats: StatsOverlay;
}

const ROLE_LABELS: Record<string, string> = { presenter: 'Presenter', speaker: 'Speaker', viewer: 'Viewer', moderator: 'Moderator' };

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
      h('p', { class: 'me', text: `${settings.name} · ${ROLE_LABELS[settings.role] ?? settings.role}${settings.probe ? ' · latency probe' : ''}` })),
    stateBadge);

  const main = h('div', { class: 'main-video empty', role: 'region', 'aria-label': 'Main video' },
    h('p', { class: 'placeholder', text: session.publishing ? 'Your camera appears here once you join.' : 'Waiting for the presenter’s video…' }));
  const tiles = h('div', { class: 'tiles', role: 'region', 'aria-label': 'Other videos', hidden: true });
  const audio = h('div', { class: 'audio', hidden: true });
  const stage = h('main', { class: 'stage', id: 'stage' }, main, tiles, audio);

  const peopleList = h('ul', { class: 'people' });
  const peopleHeading = h('h2', { id: 'people-heading', text: 'Participants' });
  const side = h('aside', { class: 'side', 'aria-label': 'Class' }, h('section', { 'aria-labelledby': 'people-heading' }, peopleHeading, peopleList));

  const join = h('button', { type: 'button', class: 'button', id: 'join', text: 'Join class' });
  const leave = h('button', { type: 'button', class: 'button danger', id: 'leave', text: 'Leave', hidden: true });
  join.addEventListener('click', () => void session.join());
  leave.addEventListener('click', () => void session.leave());
  const toolbar = h('div', { class: 'toolbar-group', role: 'group', 'aria-label': 'Controls' });
  const stats = new StatsOverlay(session);
  const footer = h('footer', { class: 'toolbar' }, join, toolbar, stats.button, leave);

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

  const showPeople = () => {
    const people = session.participants;
    peopleHeading.textContent = `Participants (${people.length})`;
    clear(peopleList);
    for (const p of people) {
      const speaking = p.id === session.activeSpeaker;
      const li = h('li', { class: speaking ? 'speaking' : undefined },
        h('span', { class: 'name', text: p.name + (p.id === session.selfId ? ' (you)' : '') }),
        h('span', { class: `role role-${p.role}`, text: ROLE_LABELS[p.role] ?? p.role }),
        p.publishing ? h('span', { class: 'live', title: 'sending video or audio', text: 'live' }) : null,
        speaking ? h('span', { class: 'visually-hidden', text: ' (speaking)' }) : null);
      peopleList.append(li);
    }
  };
  session.on('participants', showPeople);
  session.on('activeSpeaker', showPeople);
  showPeople();

  return { root, main, tiles, audio, side, toolbar, stats };
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
