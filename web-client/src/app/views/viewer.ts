// Viewer view (viewer and speaker): the presenter's video (or screen share) large with sound, speakers as
// tiles, a quality menu, fullscreen, raise hand, chat and participants in the side panel, connection state
// with automatic reconnect. On stage (a speaker, or a viewer brought on) it also shows your preview, mute
// buttons and screen share; they go away when you are taken off stage.

import { LAYER_CHOICES, type ClassSession, type LayerChoice } from '../session';
import { raiseHandButton, screenShareButton } from './classroomControls';
import { h } from './dom';
import { localPreview, muteButtons, screenPreview } from './localControls';
import { RemoteMedia } from './remoteMedia';
import { buildShell, fullscreenButton } from './roomShell';

const LAYER_LABELS: Record<LayerChoice, string> = { auto: 'Automatic', q: 'Low (q)', h: 'Medium (h)', f: 'High (f)' };

export function renderViewer(session: ClassSession, container: HTMLElement): void {
  const shell = buildShell(session, container);
  const remote = new RemoteMedia(session, shell.main, shell.tiles, shell.audio, (video) => session.probeReader.attach(video));

  const select = h('select', { id: 'quality' });
  for (const choice of LAYER_CHOICES) select.append(h('option', { value: choice, text: LAYER_LABELS[choice] }));
  select.value = session.layerChoice;
  const qualityNote = h('span', { class: 'notice', role: 'status', 'aria-live': 'polite' });
  select.addEventListener('change', () => {
    const previous = session.layerChoice;
    qualityNote.textContent = '';
    session.setLayer(select.value).catch((err: Error) => {
      select.value = previous;
      qualityNote.textContent = err.message;
    });
  });
  session.on('layerChoice', (choice) => { select.value = choice; });
  // What "automatic" gives now, refreshed every few seconds while connected.
  const autoOption = select.querySelector('option[value=auto]') as HTMLOptionElement;
  window.setInterval(() => {
    if (session.state !== 'connected' || document.hidden) return;
    session.stats().then((stats) => {
      autoOption.textContent = stats.layer ? `${LAYER_LABELS.auto} (now ${LAYER_LABELS[stats.layer]})` : LAYER_LABELS.auto;
    }, () => undefined);
  }, 3000);
  const quality = h('label', { class: 'field inline', for: 'quality' }, h('span', { text: 'Quality' }));
  shell.toolbar.append(quality, select, qualityNote, remote.soundButton);

  shell.toolbar.prepend(raiseHandButton(session, shell.note));
  localPreview(session, shell.tiles, true);
  screenPreview(session, shell.tiles);
  muteButtons(session, shell.toolbar);
  shell.toolbar.append(screenShareButton(session, shell.note));
  const fullscreen = fullscreenButton(shell.main);
  if (fullscreen) shell.toolbar.append(fullscreen);
}
