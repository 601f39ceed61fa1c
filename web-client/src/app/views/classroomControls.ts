// Toolbar controls of the classroom: raise hand, share screen, device pickers, end the class. Each shows only
// where it applies (by role, and while connected) and says why when the server refuses.

import type { ClassSession } from '../session';
import { h } from './dom';
import { toggleButton } from './roomShell';

export function raiseHandButton(session: ClassSession, note: (text: string) => void): HTMLButtonElement {
  const button = toggleButton({ on: 'Lower hand', off: 'Raise hand' }, false, (raised) => {
    (raised ? session.raiseHand() : session.lowerHand()).then(() => note(''), (err: Error) => { note(err.message); sync(); });
  });
  button.id = 'raise-hand';
  const sync = () => {
    const raised = !!session.selfId && session.classroom.isRaised(session.selfId);
    button.setAttribute('aria-pressed', String(raised));
    button.textContent = raised ? 'Lower hand' : 'Raise hand';
    // Those who run the stage take the floor; everyone else asks for it.
    button.hidden = session.role === 'presenter' || session.role === 'moderator';
    button.disabled = !session.inClass;
  };
  session.classroom.on('hands', sync);
  session.on('state', sync);
  session.on('inClass', sync);
  session.on('role', sync);
  sync();
  return button;
}

export function screenShareButton(session: ClassSession, note: (text: string) => void): HTMLButtonElement {
  const button = toggleButton({ on: 'Stop sharing', off: 'Share screen' }, false, (sharing) => {
    (sharing ? session.shareScreen() : session.stopScreen()).then(() => note(''), (err: Error) => note(err.message)).finally(sync);
  });
  button.id = 'share-screen';
  const sync = () => {
    const sharing = !!session.screen;
    button.setAttribute('aria-pressed', String(sharing));
    button.textContent = sharing ? 'Stop sharing' : 'Share screen';
    button.hidden = !session.publishing || !navigator.mediaDevices?.getDisplayMedia;
    button.disabled = session.state !== 'connected';
  };
  session.on('screen', sync);
  session.on('state', sync);
  session.on('role', sync);
  sync();
  return button;
}

export function endClassButton(session: ClassSession, note: (text: string) => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'button danger', id: 'end-class', text: 'End class for everyone' });
  button.addEventListener('click', () => {
    if (!window.confirm('End the class for everyone? Everybody leaves, and their links stop working.')) return;
    session.endClass().catch((err: Error) => note(err.message));
  });
  const sync = () => {
    button.hidden = session.role !== 'moderator' || session.state !== 'connected';
  };
  session.on('state', sync);
  session.on('role', sync);
  sync();
  return button;
}

/** Camera and microphone pickers, filled once devices are known (labels appear after permission is granted). */
export function devicePickers(session: ClassSession, note: (text: string) => void): HTMLElement {
  const camera = h('select', { id: 'camera-select', 'aria-label': 'Camera' });
  const mic = h('select', { id: 'mic-select', 'aria-label': 'Microphone' });
  const group = h('span', { class: 'toolbar-group', role: 'group', 'aria-label': 'Devices' }, camera, mic);

  const fill = async () => {
    const media = session.localMedia;
    group.hidden = !media || !navigator.mediaDevices?.enumerateDevices;
    if (group.hidden) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    const put = (select: HTMLSelectElement, kind: MediaDeviceKind, current: string | null, label: string) => {
      const list = devices.filter((d) => d.kind === kind && d.deviceId);
      select.replaceChildren(...list.map((d, i) => h('option', { value: d.deviceId, text: d.label || `${label} ${i + 1}` })));
      if (current) select.value = current;
      select.disabled = list.length < 2;
    };
    put(camera, 'videoinput', media!.deviceOf('video'), 'Camera');
    put(mic, 'audioinput', media!.deviceOf('audio'), 'Microphone');
    camera.hidden = !media!.video || !!media!.probe;
    mic.hidden = !media!.audio;
  };
  const choose = (kind: 'video' | 'audio', select: HTMLSelectElement) => {
    session.switchDevice(kind, select.value).then(() => note(''), (err: Error) => { note(err.message); void fill(); });
  };
  camera.addEventListener('change', () => choose('video', camera));
  mic.addEventListener('change', () => choose('audio', mic));
  session.on('localMedia', () => void fill().catch(() => undefined));
  navigator.mediaDevices?.addEventListener?.('devicechange', () => void fill().catch(() => undefined));
  void fill().catch(() => undefined);
  return group;
}
