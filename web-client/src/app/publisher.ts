// The publish peer connection: camera (simulcast q/h/f) and microphone, send-only. The client offers, the hub
// answers; Publish tells the server which mid carries which source.

import type { LocalMedia } from './localMedia';
import type { PublishedTrack } from './signaling';

export const SIMULCAST: RTCRtpEncodingParameters[] = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', maxBitrate: 1_700_000 },
];

export type PublishCall = (sdp: string, tracks: PublishedTrack[]) => Promise<string>;

export class Publisher {
  readonly pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  /** Called once if the media connection fails after it was up. */
  onFailed: ((why: string) => void) | null = null;
  private closed = false;
  private disconnectTimer = 0;

  constructor(private readonly media: LocalMedia) {
    this.pc.addEventListener('connectionstatechange', () => this.watch());
  }

  async start(publish: PublishCall): Promise<void> {
    const sources: { transceiver: RTCRtpTransceiver; source: PublishedTrack['source'] }[] = [];
    if (this.media.video) {
      let transceiver: RTCRtpTransceiver;
      try {
        transceiver = this.pc.addTransceiver(this.media.video, { direction: 'sendonly', streams: [this.media.stream], sendEncodings: SIMULCAST });
      } catch {
        // A browser without rid simulcast sends one layer; the SFU forwards it as is.
        transceiver = this.pc.addTransceiver(this.media.video, { direction: 'sendonly', streams: [this.media.stream] });
      }
      sources.push({ transceiver, source: 'camera' });
    }
    if (this.media.audio) {
      sources.push({ transceiver: this.pc.addTransceiver(this.media.audio, { direction: 'sendonly', streams: [this.media.stream] }), source: 'microphone' });
    }
    if (!sources.length) throw new Error('nothing to publish: no camera and no microphone');

    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    const tracks = sources.map(({ transceiver, source }) => ({ mid: transceiver.mid ?? '', source }));
    const answer = await publish(this.pc.localDescription!.sdp, tracks);
    if (this.closed) return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await this.connected(15_000);
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
    // The tracks belong to LocalMedia and outlive this connection.
    this.pc.close();
  }
}
