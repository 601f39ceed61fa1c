// Viewer view (viewer and speaker): the presenter's video large with sound, other videos as tiles, a quality
// menu, fullscreen, connection state with automatic reconnect. A speaker also sees its own preview and mute
// buttons. Raise hand and chat go into the toolbar and the side panel.

import { LAYER_CHOICES, type ClassSession, type LayerChoice } from '../session';
import { h } from './dom';
import { localPreview, muteButtons } from './localControls';
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

  if (session.publishing) {
    localPreview(session, shell.tiles, true);
    muteButtons(session, shell.toolbar);
  }
  const fullscreen = fullscreenButton(shell.main);
  if (fullscreen) shell.toolbar.append(fullscreen);
}
