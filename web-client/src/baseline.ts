// Baseline for glass-to-glass delay: the latency probe pattern over a direct peer-to-peer call between two
// RTCPeerConnections in this page, no server. The SFU's delay (a viewer's stats().glassToGlassMs) is compared
// with this number. window.rtcliveBaseline exposes the readings for tests and measurements.

import { ProbePattern, ProbeReader } from './app/latencyProbe';

declare global {
  interface Window {
    rtcliveBaseline?: { readonly state: string; readonly glassToGlassMs: number | null; readonly medianMs: number | null };
  }
}

const $ = (id: string) => document.getElementById(id)!;
const startButton = $('start') as HTMLButtonElement;
const reader = new ProbeReader();
let state = 'idle';
let timer = 0;

function show(id: string, text: string) { $(id).textContent = text; }

window.rtcliveBaseline = {
  get state() { return state; },
  get glassToGlassMs() { return reader.latestMs; },
  get medianMs() { return reader.medianMs; },
};

async function start() {
  startButton.disabled = true;
  state = 'connecting';
  show('state', state);
  try {
    const pattern = new ProbePattern();
    ($('sent') as HTMLVideoElement).srcObject = pattern.stream;
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => { if (e.candidate) void b.addIceCandidate(e.candidate); };
    b.onicecandidate = (e) => { if (e.candidate) void a.addIceCandidate(e.candidate); };
    a.addTransceiver(pattern.track, { direction: 'sendonly', sendEncodings: [{ maxBitrate: 1_700_000 }] });
    b.ontrack = (e) => {
      const video = $('received') as HTMLVideoElement;
      video.srcObject = new MediaStream([e.track]);
      void video.play().catch(() => undefined);
      reader.attach(video);
    };
    b.onconnectionstatechange = () => { state = b.connectionState; show('state', state); };
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    timer = window.setInterval(() => {
      show('latest', reader.latestMs === null ? '–' : `${reader.latestMs} ms`);
      show('median', reader.medianMs === null ? '–' : `${reader.medianMs} ms`);
    }, 500);
  } catch (err) {
    window.clearInterval(timer);
    state = 'failed';
    show('state', `failed: ${(err as Error).message}`);
    startButton.disabled = false;
  }
}

startButton.addEventListener('click', () => void start());
if (new URLSearchParams(location.search).get('autostart') === '1') void start();
