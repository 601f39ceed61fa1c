// Raised hands in the order raised, for those who run the stage (presenter, moderator): bring a student on
// stage with one click, or lower the hand.

import type { ClassSession } from '../session';
import { clear, h } from './dom';

export function handsPanel(session: ClassSession, note: (text: string) => void): HTMLElement {
  const list = h('ol', { class: 'hands' });
  const heading = h('h2', { id: 'hands-heading', text: 'Raised hands' });
  const empty = h('p', { class: 'small muted', text: 'No hands raised.' });
  const section = h('section', { 'aria-labelledby': 'hands-heading', class: 'hands-panel' }, heading, empty, list);

  const act = (label: string, cls: string, run: () => Promise<void>) => {
    const button = h('button', { type: 'button', class: `button small ${cls}`, text: label });
    button.addEventListener('click', () => {
      button.disabled = true;
      run().then(() => note(''), (err: Error) => note(err.message)).finally(() => { button.disabled = false; });
    });
    return button;
  };

  const show = () => {
    const hands = session.classroom.hands;
    const managing = session.role === 'presenter' || session.role === 'moderator';
    section.hidden = !managing;
    heading.textContent = hands.length ? `Raised hands (${hands.length})` : 'Raised hands';
    empty.hidden = hands.length > 0;
    clear(list);
    for (const hand of hands) {
      const name = session.nameOf(hand.participantId);
      const who = session.participants.find((p) => p.id === hand.participantId);
      // Someone watching over HLS cannot come on stage: its question goes in the chat (the server refuses it too).
      const overHls = who?.media === 'hls';
      const since = new Date(hand.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      list.append(h('li', { 'data-participant': name },
        h('span', { class: 'name', text: name }),
        h('span', { class: 'small muted', text: ` since ${since}` }),
        overHls ? h('span', { class: 'via-hls', title: 'watching over HLS: cannot come on stage, can write in the chat', text: 'HLS' }) : null,
        who?.role === 'viewer' && !overHls ? act('Bring on', '', () => session.promote(name)) : null,
        act('Lower', 'secondary', () => session.dismissHand(name))));
    }
  };
  session.classroom.on('hands', show);
  session.on('participants', show);
  session.on('role', show);
  show();
  return section;
}
