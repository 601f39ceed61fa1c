// The single page at /: without parameters the landing page; with them the role picks the view.

import { installAutomation, installIdleAutomation } from './automation';
import { ClassSession } from './session';
import { readSettings } from './settings';
import { markJoinStep } from './timeline';
import { renderLanding } from './views/landing';
import { renderPresenter } from './views/presenter';
import { renderViewer } from './views/viewer';

function start(): void {
  markJoinStep('script');
  const container = document.getElementById('app') ?? document.body;
  const read = readSettings(window.location.search);
  if (read.kind === 'landing') {
    installIdleAutomation();
    renderLanding(container, read.hint);
    return;
  }
  const { settings } = read;
  const session = new ClassSession(settings);
  installAutomation(session);
  if (settings.role === 'presenter' || settings.role === 'moderator') renderPresenter(session, container);
  else renderViewer(session, container);

  window.addEventListener('pagehide', () => void session.leave());
  if (settings.transport === 'hls' || settings.autojoin) void session.join();
}

start();
