// The landing page: create or join a class by name, pick a role, join (navigates to the room URL).

import { roomUrl, ROLES, type LandingHint, type Role } from '../settings';
import { clear, h } from './dom';

const ROLE_HELP: Record<Role, string> = {
  presenter: 'Teach: send your camera and microphone to everyone.',
  speaker: 'Watch, and be seen and heard for questions.',
  viewer: 'Watch and listen.',
  moderator: 'Teach and keep order in the class.',
};

export function renderLanding(container: HTMLElement, hint: LandingHint): void {
  document.title = 'RtcLive';
  const room = h('input', { id: 'room', name: 'room', required: true, maxlength: 64, autocomplete: 'off', value: hint.room, placeholder: 'e.g. physics-101' });
  const name = h('input', { id: 'name', name: 'name', required: true, maxlength: 64, autocomplete: 'name', value: hint.name });
  const roles = h('fieldset', { class: 'roles' }, h('legend', { text: 'Your role' }));
  for (const role of ROLES) {
    const id = `role-${role}`;
    roles.append(h('div', { class: 'choice' },
      h('input', { type: 'radio', name: 'role', id, value: role, checked: role === hint.role, 'aria-describedby': `${id}-help` }),
      h('label', { for: id, text: role[0].toUpperCase() + role.slice(1) }),
      h('span', { class: 'help', id: `${id}-help`, text: ROLE_HELP[role] })));
  }
  const suggest = h('button', { type: 'button', class: 'button secondary', text: 'New class name' });
  suggest.addEventListener('click', () => {
    room.value = `class-${Math.random().toString(36).slice(2, 8)}`;
    room.focus();
  });
  const problems = h('ul', { class: 'problems', role: 'alert' });
  for (const p of hint.problems) problems.append(h('li', { text: p }));
  problems.hidden = hint.problems.length === 0;

  const form = h('form', { class: 'join-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'room', text: 'Class name' }), h('div', { class: 'with-button' }, room, suggest)),
    h('div', { class: 'field' }, h('label', { for: 'name', text: 'Your name' }), name),
    roles,
    problems,
    h('button', { type: 'submit', class: 'button', text: 'Join class' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const missing: string[] = [];
    if (!room.value.trim()) missing.push('Enter the name of the class (a new name creates a class).');
    if (!name.value.trim()) missing.push('Enter your name.');
    clear(problems);
    for (const p of missing) problems.append(h('li', { text: p }));
    problems.hidden = missing.length === 0;
    if (missing.length) {
      (room.value.trim() ? name : room).focus();
      return;
    }
    const role = (form.querySelector('input[name=role]:checked') as HTMLInputElement | null)?.value as Role | undefined;
    window.location.assign(roomUrl(room.value.trim(), name.value.trim(), role ?? 'viewer', true));
  });

  clear(container);
  container.append(h('main', { class: 'card landing' },
    h('h1', { text: 'RtcLive' }),
    h('p', { text: 'Live classes in the browser, with well under a second of delay. Type a class name to create a class or join one.' }),
    form,
    h('p', { class: 'small' }, h('a', { href: '/echo.html', text: 'Test your camera and connection' }))));
  (hint.room ? name : room).focus();
}
