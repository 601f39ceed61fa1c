// The chat: the room's messages (history included for late joiners) and a box to write in. Text is only ever
// put in the page as text (textContent), never as HTML.

import { MAX_CHAT_LENGTH, type ClassSession } from '../session';
import { clear, h } from './dom';

export function chatPanel(session: ClassSession): HTMLElement {
  const list = h('ol', { class: 'chat-log', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const input = h('input', { id: 'chat-input', type: 'text', maxlength: MAX_CHAT_LENGTH, autocomplete: 'off', placeholder: 'Write to the class…', 'aria-label': 'Chat message' });
  const send = h('button', { type: 'submit', class: 'button', text: 'Send' });
  const status = h('p', { class: 'notice', role: 'status' });
  const form = h('form', { class: 'with-button chat-form' }, input, send);
  const heading = h('h2', { id: 'chat-heading', text: 'Chat' });
  const section = h('section', { 'aria-labelledby': 'chat-heading', class: 'chat-panel' }, heading, list, form, status);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    send.disabled = true;
    session.chat(text).then(
      () => { input.value = ''; status.textContent = ''; },
      (err: Error) => { status.textContent = err.message; },
    ).finally(() => { send.disabled = false; input.focus(); });
  });

  const show = () => {
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    clear(list);
    for (const m of session.classroom.chat) {
      const time = new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      list.append(h('li', { class: m.participantId === session.selfId ? 'mine' : undefined },
        h('span', { class: 'from', text: m.from }),
        h('time', { class: 'small muted', datetime: new Date(m.at).toISOString(), text: time }),
        h('p', { class: 'text', text: m.text })));
    }
    if (atBottom) list.scrollTop = list.scrollHeight;
  };
  const enable = () => {
    const connected = session.inClass;
    input.disabled = !connected;
    send.disabled = !connected;
  };
  session.classroom.on('chat', show);
  session.on('state', enable);
  session.on('inClass', enable);
  show();
  enable();
  return section;
}
