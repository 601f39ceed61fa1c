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
  // Over HLS the player picks the rung itself: no layer to choose.
  session.on('hls', (player) => {
    quality.hidden = !!player;
    select.hidden = !!player;
  });

  shell.toolbar.prepend(raiseHandButton(session, shell.note));
  localPreview(session, shell.tiles, true);
  screenPreview(session, shell.tiles);
  muteButtons(session, shell.toolbar);
  shell.toolbar.append(screenShareButton(session, shell.note));
  const fullscreen = fullscreenButton(shell.main);
  if (fullscreen) shell.toolbar.append(fullscreen);
  hlsControls(session, shell.main, shell.toolbar);
}

/**
 * HLS: a button to watch over HLS (for networks where WebRTC struggles), and once the page does, the player on the
 * stage, a sound button (HLS autoplays muted) and the delay: the probe's reading when the presenter sends it, else
 * the player's distance to the live edge.
 */
function hlsControls(session: ClassSession, main: HTMLElement, toolbar: HTMLElement): void {
  const button = h('button', { type: 'button', class: 'button', id: 'watch-hls', text: 'Watch over HLS' });
  button.title = 'Plain HTTP video, a few seconds behind: for networks where the live connection fails';
  button.addEventListener('click', () => session.watchOverHls('Watching over HLS, a few seconds behind.'));
  const delay = h('span', { class: 'notice', id: 'hls-delay', role: 'status' });
  const sound = h('button', { type: 'button', class: 'button', hidden: true, text: 'Turn sound on' });
  toolbar.append(button, sound, delay);
  session.on('hls', (player) => {
    button.hidden = true;
    if (!player) return;
    main.replaceChildren(player.video);
    main.classList.remove('empty');
    session.probeReader.attach(player.video);
    sound.hidden = false;
    sound.addEventListener('click', () => {
      player.video.muted = false;
      void player.video.play().catch(() => undefined);
      sound.hidden = true;
    });
    window.setInterval(() => {
      const probe = session.probeReader.medianMs;
      const live = player.latencySeconds;
      delay.textContent = probe !== null ? `Delay ${(probe / 1000).toFixed(1)} s` : live !== null ? `Delay ≈ ${live.toFixed(1)} s` : '';
    }, 1000);
  });
}
