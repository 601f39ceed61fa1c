// Your own media: the preview and the mute buttons (presenter, moderator, speaker).

import type { ClassSession } from '../session';
import { h } from './dom';
import { toggleButton } from './roomShell';

export function localPreview(session: ClassSession, slot: HTMLElement, asTile: boolean): void {
  const video = h('video', { autoplay: true, playsinline: true, 'aria-label': 'Your camera (preview)' });
  video.muted = true; // never play your own microphone back
  const caption = h('figcaption', { text: session.settings.probe ? 'You · latency probe pattern' : 'You · preview' });
  const figure = h('figure', { class: asTile ? 'tile self' : 'main self', hidden: true }, video, caption);
  slot.append(figure);
  const show = () => {
    const media = session.localMedia;
    figure.hidden = !media?.video;
    slot.classList.toggle('empty', !asTile && !media?.video);
    if (asTile) slot.hidden = slot.querySelectorAll('figure:not([hidden])').length === 0;
    video.classList.toggle('mirrored', !!media?.video && !media.probe);
    if (media && video.srcObject !== media.stream) {
      video.srcObject = media.stream;
      void video.play().catch(() => undefined);
    }
    if (!media) video.srcObject = null;
    caption.textContent = `${session.settings.probe ? 'You · latency probe pattern' : 'You · preview'}${media && !media.cameraEnabled ? ' (camera off)' : ''}`;
  };
  session.on('localMedia', show);
  show();
}

/** Your own screen share, as a tile, while it runs. */
export function screenPreview(session: ClassSession, slot: HTMLElement): void {
  const video = h('video', { autoplay: true, playsinline: true, 'aria-label': 'Your screen (preview)' });
  video.muted = true;
  const figure = h('figure', { class: 'tile self', hidden: true, 'data-source': 'screen' }, video, h('figcaption', { text: 'You · screen' }));
  slot.append(figure);
  session.on('screen', (track) => {
    figure.hidden = !track;
    video.srcObject = track ? new MediaStream([track]) : null;
    if (track) void video.play().catch(() => undefined);
    slot.hidden = slot.querySelectorAll('figure:not([hidden])').length === 0;
  });
}

export function muteButtons(session: ClassSession, toolbar: HTMLElement): void {
  const mic = toggleButton({ on: 'Unmute microphone', off: 'Mute microphone' }, false, (muted) => session.setMicEnabled(!muted));
  const cam = toggleButton({ on: 'Turn camera on', off: 'Turn camera off' }, false, (off) => session.setCameraEnabled(!off));
  mic.id = 'mute-mic';
  cam.id = 'mute-camera';
  const sync = () => {
    const media = session.localMedia;
    // Shown while this page sends (a viewer brought on stage gets them, and loses them when taken off).
    mic.hidden = cam.hidden = !media;
    mic.disabled = !media?.audio;
    cam.disabled = !media?.video;
    if (media?.audio) mic.setAttribute('aria-pressed', String(!media.micEnabled));
    if (media?.video) cam.setAttribute('aria-pressed', String(!media.cameraEnabled));
    mic.textContent = mic.getAttribute('aria-pressed') === 'true' ? 'Unmute microphone' : 'Mute microphone';
    cam.textContent = cam.getAttribute('aria-pressed') === 'true' ? 'Turn camera on' : 'Turn camera off';
  };
  session.on('localMedia', sync);
  sync();
  toolbar.append(mic, cam);
}
