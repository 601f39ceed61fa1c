// The participant list: name, role, raised hand, live (publishing), speaking; and, for those who run the stage
// or moderate, the actions that apply to each person (bring on / take off stage, mute, remove).

import type { ClassSession, Participant } from '../session';
import { clear, h } from './dom';

export const ROLE_LABELS: Record<string, string> = { presenter: 'Presenter', speaker: 'Speaker', viewer: 'Viewer', moderator: 'Moderator' };

const managesStage = (role: string) => role === 'presenter' || role === 'moderator';

export function participantsPanel(session: ClassSession, note: (text: string) => void): HTMLElement {
  const list = h('ul', { class: 'people' });
  const heading = h('h2', { id: 'people-heading', text: 'Participants' });
  const section = h('section', { 'aria-labelledby': 'people-heading' }, heading, list);

  const act = (label: string, run: () => Promise<void>) => {
    const button = h('button', { type: 'button', class: 'button small secondary', text: label });
    button.addEventListener('click', () => {
      button.disabled = true;
      run().then(() => note(''), (err: Error) => note(err.message)).finally(() => { button.disabled = false; });
    });
    return button;
  };

  const actionsFor = (p: Participant): HTMLElement | null => {
    if (p.id === session.selfId || !session.inClass) return null;
    const buttons: HTMLElement[] = [];
    if (managesStage(session.role)) {
      // Someone watching over HLS sends nothing and cannot come on stage (the server refuses it too).
      if (p.role === 'viewer' && p.media !== 'hls') buttons.push(act('Bring on stage', () => session.promote(p.name)));
      if (p.role === 'speaker') buttons.push(act('Take off stage', () => session.demote(p.name)));
      if (p.publishing) {
        buttons.push(act('Mute mic', () => session.mute(p.name, 'audio')));
        buttons.push(act('Stop camera', () => session.mute(p.name, 'video')));
      }
    }
    if (session.role === 'moderator') buttons.push(act('Remove', () => session.remove(p.name)));
    return buttons.length ? h('span', { class: 'actions', role: 'group', 'aria-label': `Actions for ${p.name}` }, ...buttons) : null;
  };

  const show = () => {
    const people = session.participants;
    heading.textContent = `Participants (${people.length})`;
    clear(list);
    for (const p of people) {
      const speaking = p.id === session.activeSpeaker;
      const hand = session.classroom.isRaised(p.id);
      list.append(h('li', { class: speaking ? 'speaking' : undefined, 'data-participant': p.name },
        h('span', { class: 'name', text: p.name + (p.id === session.selfId ? ' (you)' : '') }),
        h('span', { class: `role role-${p.role}`, text: ROLE_LABELS[p.role] ?? p.role }),
        p.media === 'hls' ? h('span', { class: 'via-hls', title: 'watching over HLS, a few seconds behind (chat and hands only)', text: 'HLS' }) : null,
        hand ? h('span', { class: 'hand', title: 'hand raised', text: '✋', 'aria-label': 'hand raised' }) : null,
        p.publishing ? h('span', { class: 'live', title: 'sending video or audio', text: 'live' }) : null,
        speaking ? h('span', { class: 'visually-hidden', text: ' (speaking)' }) : null,
        actionsFor(p)));
    }
  };
  session.on('participants', show);
  session.on('activeSpeaker', show);
  session.on('role', show);
  session.on('state', show);
  session.on('inClass', show);
  session.classroom.on('hands', show);
  show();
  return section;
}
