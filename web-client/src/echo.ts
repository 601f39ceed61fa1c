// Loopback test page: sends camera and microphone to the server's echo endpoint and plays what comes back.

const $ = (id: string) => document.getElementById(id)!;
const startButton = $('start') as HTMLButtonElement;
const stopButton = $('stop') as HTMLButtonElement;

let pc: RTCPeerConnection | null = null;
let statsTimer = 0;
let last = { at: 0, sent: 0, received: 0 };

function show(id: string, text: string) { $(id).textContent = text; }

function kbps(bytes: number, prevBytes: number, ms: number) {
  return ms > 0 ? `${Math.round(((bytes - prevBytes) * 8) / ms)} kbit/s` : '–';
}

async function start() {
  startButton.disabled = true;
  show('state', 'connecting');
  try {
    const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    ($('local') as HTMLVideoElement).srcObject = media;
    pc = new RTCPeerConnection();
    for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const remote = new MediaStream();
    pc.ontrack = (e) => { remote.addTrack(e.track); ($('remote') as HTMLVideoElement).srcObject = remote; };
    pc.onconnectionstatechange = () => show('state', pc?.connectionState ?? 'idle');

    await pc.setLocalDescription();
    const response = await fetch('/api/echo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: pc.localDescription!.sdp,
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`server refused the offer (${response.status}): ${body}`);
    await pc.setRemoteDescription({ type: 'answer', sdp: body });
    stopButton.disabled = false;
    statsTimer = window.setInterval(updateStats, 1000);
  } catch (err) {
    show('state', `failed: ${(err as Error).message}`);
    stop();
  }
}

async function updateStats() {
  if (!pc) return;
  const report = await pc.getStats();
  let sent = 0, received = 0, frames = 0, lost = 0, packets = 0, rtt: number | null = null, cipher = '–';
  report.forEach((s) => {
    if (s.type === 'outbound-rtp') sent += s.bytesSent ?? 0;
    if (s.type === 'inbound-rtp') {
      received += s.bytesReceived ?? 0;
      lost += s.packetsLost ?? 0;
      packets += s.packetsReceived ?? 0;
      if (s.kind === 'video') frames += s.framesDecoded ?? 0;
    }
    if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) rtt = s.currentRoundTripTime * 1000;
    if (s.type === 'transport' && s.srtpCipher) cipher = s.srtpCipher;
  });
  const now = performance.now();
  show('sent', kbps(sent, last.sent, now - last.at));
  show('received', kbps(received, last.received, now - last.at));
  show('frames', String(frames));
  show('loss', packets + lost > 0 ? `${((100 * lost) / (packets + lost)).toFixed(1)} %` : '–');
  show('rtt', rtt === null ? '–' : `${(rtt as number).toFixed(1)} ms`);
  show('cipher', cipher);
  last = { at: now, sent, received };
}

function stop() {
  window.clearInterval(statsTimer);
  pc?.getSenders().forEach((s) => s.track?.stop());
  pc?.close();
  pc = null;
  startButton.disabled = false;
  stopButton.disabled = true;
  if (!$('state').textContent?.startsWith('failed')) show('state', 'idle');
}

startButton.addEventListener('click', start);
stopButton.addEventListener('click', stop);
