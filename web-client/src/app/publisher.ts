// The publish peer connection: camera (simulcast q/h/f), microphone, and a screen share when there is one,
// send-only. The client offers, the hub answers; Publish tells the server which mid carries which source.
// Adding or stopping the screen renegotiates over the same connection: the server sees the screen's m-line
// appear, or rejected, and tells the room (track published / unpublished).

import type { LocalMedia } from './localMedia';
import type { CameraCodec } from './settings';
import type { PublishedTrack } from './signaling';

export const SIMULCAST: RTCRtpEncodingParameters[] = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', maxBitrate: 1_700_000 },
];

/** Text on a screen wants resolution over frame rate, and one sharp layer rather than three. */
const SCREEN_ENCODING: RTCRtpEncodingParameters = { maxBitrate: 2_500_000, maxFramerate: 15 };

/**
 * Offers the camera as H.264 only (packetization-mode=1, constrained baseline first: what the SFU answers), with
 * RTX; the SFU takes VP8 whenever it is offered, so leaving VP8 out is how a page asks for H.264.
 */
function preferH264(transceiver: RTCRtpTransceiver): void {
  const codecs = RTCRtpSender.getCapabilities?.('video')?.codecs ?? [];
  const h264 = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/h264' && /packetization-mode=1/.test(c.sdpFmtpLine ?? ''));
  if (!h264.length) throw new Error('codec=h264: this browser cannot send H.264 (packetization-mode=1)');
  const rank = (c: RTCRtpCodec) => (/profile-level-id=42e0/i.test(c.sdpFmtpLine ?? '') ? 0 : 1);
  h264.sort((a, b) => rank(a) - rank(b));
  const rtx = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/rtx');
  transceiver.setCodecPreferences([...h264, ...rtx]);
}

export type PublishCall = (sdp: string, tracks: PublishedTrack[]) => Promise<string>;

export class Publisher {
  readonly pc: RTCPeerConnection;
  /** Called once if the media connection fails after it was up. */
  onFailed: ((why: string) => void) | null = null;
  private readonly sources = new Map<RTCRtpTransceiver, PublishedTrack['source']>();
  private publish: PublishCall | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private disconnectTimer = 0;

  constructor(private readonly media: LocalMedia, iceServers: RTCIceServer[] = [], policy: RTCIceTransportPolicy = 'all',
    private readonly codec: CameraCodec = 'vp8') {
    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers, iceTransportPolicy: policy });
    this.pc.addEventListener('connectionstatechange', () => this.watch());
  }

  get sharingScreen(): boolean {
    for (const source of this.sources.values()) if (source === 'screen') return true;
    return false;
  }

  async start(publish: PublishCall): Promise<void> {
    this.publish = publish;
    if (this.media.video) {
      let transceiver: RTCRtpTransceiver;
      try {
        transceiver = this.pc.addTransceiver(this.media.video, { direction: 'sendonly', streams: [this.media.stream], sendEncodings: SIMULCAST });
      } catch {
        // A browser without rid simulcast sends one layer; the SFU forwards it as is.
        transceiver = this.pc.addTransceiver(this.media.video, { direction: 'sendonly', streams: [this.media.stream] });
      }
      if (this.codec === 'h264') preferH264(transceiver);
      this.sources.set(transceiver, 'camera');
    }
    if (this.media.audio) this.sources.set(this.pc.addTransceiver(this.media.audio, { direction: 'sendonly', streams: [this.media.stream] }), 'microphone');
    if (!this.sources.size) throw new Error('nothing to publish: no camera and no microphone');
    await this.negotiate();
    await this.connected(15_000);
  }

  /** Sends another device's track in place of one being sent (same m-line: no renegotiation). */
  async replaceTrack(previous: MediaStreamTrack | null, next: MediaStreamTrack): Promise<void> {
    for (const transceiver of this.sources.keys()) {
      if (transceiver.sender.track === previous || (!previous && transceiver.sender.track?.kind === next.kind)) {
        await transceiver.sender.replaceTrack(next);
        return;
      }
    }
  }

  /** Sends a screen capture as its own track (one layer, tuned for text). */
  async addScreen(track: MediaStreamTrack): Promise<void> {
    if (this.sharingScreen) throw new Error('already sharing the screen');
    track.contentHint = 'detail';
    const transceiver = this.pc.addTransceiver(track, { direction: 'sendonly', streams: [new MediaStream([track])], sendEncodings: [SCREEN_ENCODING] });
    this.sources.set(transceiver, 'screen');
    try {
      await this.negotiate();
    } catch (err) {
      this.sources.delete(transceiver);
      transceiver.stop();
      throw err;
    }
  }

  /** Stops sending the screen: its m-line is stopped, and the server unpublishes it. */
  async removeScreen(): Promise<void> {
    let changed = false;
    for (const [transceiver, source] of this.sources) {
      if (source !== 'screen') continue;
      this.sources.delete(transceiver);
      transceiver.stop();
      changed = true;
    }
    if (changed && !this.closed) await this.negotiate();
  }

  /** One offer/answer at a time, in order: a screen started while the camera's offer is in flight waits for it. */
  private negotiate(): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.closed || !this.publish) return;
      await this.pc.setLocalDescription(await this.pc.createOffer());
      const tracks = [...this.sources].flatMap(([transceiver, source]) => (transceiver.mid ? [{ mid: transceiver.mid, source }] : []));
      const answer = await this.publish(this.pc.localDescription!.sdp, tracks);
      if (this.closed) return;
      await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private connected(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const state = this.pc.connectionState;
        if (state === 'connected') done(null);
        else if (state === 'failed' || state === 'closed') done(new Error(`the media connection to the server ${state}`));
      };
      const timer = window.setTimeout(() => done(new Error('the media connection to the server did not come up within 15 s')), timeoutMs);
      const done = (err: Error | null) => {
        window.clearTimeout(timer);
        this.pc.removeEventListener('connectionstatechange', check);
        if (err) reject(err); else resolve();
      };
      this.pc.addEventListener('connectionstatechange', check);
      check();
    });
  }

  private watch(): void {
    if (this.closed) return;
    const state = this.pc.connectionState;
    window.clearTimeout(this.disconnectTimer);
    if (state === 'failed') this.fail('the sending media connection failed');
    // 'disconnected' may heal by itself (a short loss); give it a few seconds.
    else if (state === 'disconnected') this.disconnectTimer = window.setTimeout(() => this.fail('the sending media connection was lost'), 5000);
  }

  private fail(why: string): void {
    const handler = this.onFailed;
    this.onFailed = null;
    handler?.(why);
  }

  close(): void {
    this.closed = true;
    this.onFailed = null;
    window.clearTimeout(this.disconnectTimer);
    // The tracks belong to LocalMedia (and the screen capture to the session) and outlive this connection.
    this.pc.close();
  }
}
