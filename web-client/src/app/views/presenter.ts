// Presenter view (presenter and moderator): your camera preview large, what others send as tiles (speakers,
// screen shares), mute buttons, device pickers, screen share, the raised hands with "bring on" buttons (side
// panel), and for a moderator the end-class button.

import type { ClassSession } from '../session';
import { devicePickers, endClassButton, screenShareButton } from './classroomControls';
import { localPreview, muteButtons, screenPreview } from './localControls';
import { RemoteMedia } from './remoteMedia';
import { buildShell } from './roomShell';

export function renderPresenter(session: ClassSession, container: HTMLElement): void {
  const shell = buildShell(session, container);
  localPreview(session, shell.main, false);
  screenPreview(session, shell.tiles);
  muteButtons(session, shell.toolbar);
  const remote = new RemoteMedia(session, null, shell.tiles, shell.audio, (video) => session.probeReader.attach(video));
  shell.toolbar.append(
    screenShareButton(session, shell.note),
    devicePickers(session, shell.note),
    remote.soundButton,
    endClassButton(session, shell.note));
}
