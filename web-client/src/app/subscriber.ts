// The receive peer connection. The server is the offerer: every subscriberOffer (the first and each
// renegotiation as tracks come and go) is applied in order, answered, and the answer sent with
// AnswerSubscription. The offer's track list says whose which track arrives on which mid.

import type { SubscribedTrack, SubscriberOffer } from './signaling';
import { markJoinStep } from './timeline';

export interface RemoteTrack extends SubscribedTrack {
  track: MediaStreamTrack;
}

export class Subscriber {
  readonly pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  onTracks: ((tracks: RemoteTrack[]) => void) | null = null;
  /** Called once if the media connection fails after it was up, or an offer cannot be applied. */
  onFailed: ((why: string) => void) | null = null;
  private current: RemoteTrack[] = [];
  // Offers wait until the join has said which ICE servers to use (an offer may arrive before the join's result).
  private iceReady!: () => void;
  private queue: Promise<void> = new Promise<void>((resolve) => (this.iceReady = resolve));
  private closed = false;
  private disconnectTimer = 0;

  constructor() {
    this.pc.addEventListener('connectionstatechange', () => this.watch());
    this.pc.addEventListener('iceconnectionstatechange', () => {
      if (this.pc.iceConnectionState === 'checking') markJoinStep('ice-checking');
      if (this.pc.iceConnectionState === 'connected') markJoinStep('ice-connected');
    });
  }

  /** The ICE servers and policy from the join; applied before the first offer is taken. */
  configureIce(iceServers: RTCIceServer[], policy: RTCIceTransportPolicy): void {
    if (!this.closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers, iceTransportPolicy: policy });
    this.iceReady();
  }

  get tracks(): readonly RemoteTrack[] {
    return this.current;
  }

  /** Applies offers one after another, in the order the server sent them. */
  handleOffer(offer: SubscriberOffer, answer: (sdp: string) => Promise<void>): Promise<void> {
    const run = this.queue.then(() => this.apply(offer, answer));
    this.queue = run.catch(() => undefined);
    run.catch((err: Error) => this.fail(`could not take the server's media offer: ${err.message}`));
    return run;
  }

  private async apply(offer: SubscriberOffer, answer: (sdp: string) => Promise<void>): Promise<void> {
    if (this.closed) return;
    markJoinStep('offer');
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    for (const transceiver of this.pc.getTransceivers()) {
      // A received track unmutes with its first packet, which may come before the answer's acknowledgement.
      const track = transceiver.receiver.track;
      if (track.kind === 'video' && track.muted) track.addEventListener('unmute', () => markJoinStep('first-video-packet'), { once: true });
    }
    const local = await this.pc.createAnswer();
    if (this.closed) return;
    markJoinStep('answer-made');
    // The answer leaves before it is applied here: the node creates its transport when it reads the answer, and
    // the browser starts checking as soon as it applies it. Sent first, the node is usually ready for the first
    // check, instead of dropping it and waiting for the browser to check again.
    const sent = answer(local.sdp ?? '');
    sent.catch(() => undefined); // awaited below, once the answer is applied here
    await this.pc.setLocalDescription(local);
    if (this.closed) return;

    // The tracks are known now: their video elements need not wait for the node's acknowledgement.
    const byMid = new Map<string, RTCRtpTransceiver>();
    for (const transceiver of this.pc.getTransceivers()) if (transceiver.mid !== null) byMid.set(transceiver.mid, transceiver);
    this.current = offer.tracks.flatMap((info) => {
      const transceiver = byMid.get(info.mid);
      return transceiver ? [{ ...info, track: transceiver.receiver.track }] : [];
    });
    this.onTracks?.(this.current);
    await sent;
    if (!this.closed) markJoinStep('answered');
  }

  private watch(): void {
    if (this.closed) return;
    const state = this.pc.connectionState;
    if (state === 'connected') markJoinStep('media-connected');
    window.clearTimeout(this.disconnectTimer);
    if (state === 'failed') this.fail('the receiving media connection failed');
    else if (state === 'disconnected') this.disconnectTimer = window.setTimeout(() => this.fail('the receiving media connection was lost'), 5000);
  }

  private fail(why: string): void {
    if (this.closed) return;
    const handler = this.onFailed;
    this.onFailed = null;
    handler?.(why);
  }

  close(): void {
    this.closed = true;
    this.onFailed = null;
    this.onTracks = null;
    window.clearTimeout(this.disconnectTimer);
    this.pc.close();
  }
}
