// Presenter view (presenter and moderator): your camera preview large, what others send as tiles (speakers,
// later), mute buttons, connection state. Screen share, device pickers and the raised-hands queue go into the
// toolbar and the side panel.

import type { ClassSession } from '../session';
import { localPreview, muteButtons } from './localControls';
import { RemoteMedia } from './remoteMedia';
import { buildShell } from './roomShell';

export function renderPresenter(session: ClassSession, container: HTMLElement): void {
  const shell = buildShell(session, container);
  localPreview(session, shell.main, false);
  muteButtons(session, shell.toolbar);
  const remote = new RemoteMedia(session, null, shell.tiles, shell.audio, (video) => session.probeReader.attach(video));
  shell.toolbar.append(remote.soundButton);
}
