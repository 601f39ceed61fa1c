// One person in one class: the hub connection, the publish and receive peer connections, who is in the room,
// the connection state, and reconnecting (with backoff) when the server or the media path is lost. Views and
// window.rtclive read from here; nothing here touches the DOM except the probe reader's video.

import { Emitter } from './events';
import { ProbeReader } from './latencyProbe';
import { LocalMedia } from './localMedia';
import { collectMediaTotals, type MediaTotals } from './mediaStats';
import { Publisher } from './publisher';
import { publishes, type PageSettings } from './settings';
import {
  backoffDelay, fetchDevToken, isAuthRefusal, isRefusal, RoomSignaling,
  type JoinResult, type ParticipantInfo, type ServerStats, type TrackInfo,
} from './signaling';
import type { ConnectionState } from './state';
import { Subscriber, type RemoteTrack } from './subscriber';
import { markJoinStep } from './timeline';

export type Layer = 'q' | 'h' | 'f';
export type LayerChoice = Layer | 'auto';
export const LAYER_CHOICES: readonly LayerChoice[] = ['auto', 'q', 'h', 'f'];

export type Participant = ParticipantInfo;

/** window.rtclive.stats()'s shape (the automation contract). */
export interface ContractStats {
  framesDecoded: number;
  framesSent: number;
  bytesReceived: number;
  bytesSent: number;
  layer: Layer | null;
  packetsLost: number;
  rttMs: number | null;
  glassToGlassMs: number | null;
  node: string | null;
  tracks: { from: string; source: string; kind: string; framesDecoded: number; packetsReceived: number }[];
}

export interface SessionEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** A line for people: why it failed, what it is doing, a warning. Null clears it. */
  message: string | null;
  participants: Participant[];
  tracks: RemoteTrack[];
  activeSpeaker: string | null;
  localMedia: LocalMedia | null;
  layerChoice: LayerChoice;
}

/** A failure that retrying will not fix (the camera was refused, the browser lacks something). */
class FatalError extends Error {}
/** The attempt was overtaken (left, replaced, lost again): stop quietly. */
class StaleAttempt extends Error {}

const MAX_ATTEMPTS = 40;

export class ClassSession extends Emitter<SessionEvents> {
  state: ConnectionState = 'idle';
  message: string | null = null;
  node: string | null = null;
  selfId: string | null = null;
  layerChoice: LayerChoice = 'auto';
  activeSpeaker: string | null = null;
  localMedia: LocalMedia | null = null;
  readonly probeReader = new ProbeReader();
  /** The layer the server said it forwards of the presenter's camera, at the last stats() call. */
  lastLayer: Layer | null = null;

  private readonly participantsById = new Map<string, Participant>();
  private readonly published = new Map<string, TrackInfo>();
  private remote: RemoteTrack[] = [];
  private signaling: RoomSignaling | null = null;
  private publisher: Publisher | null = null;
  private subscriber: Subscriber | null = null;
  /** Bumped whenever the running connect attempt must be abandoned. */
  private generation = 0;

  constructor(readonly settings: PageSettings) {
    super();
  }

  get publishing(): boolean {
    return publishes(this.settings.role);
  }

  get participants(): Participant[] {
    return [...this.participantsById.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.remote;
  }

  /** The presenter's camera among the received tracks (a moderator's if no presenter publishes, else any camera). */
  mainVideo(): RemoteTrack | null {
    const cameras = this.remote.filter((t) => t.kind === 'video' && t.source === 'camera');
    const roleOf = (t: RemoteTrack) => this.participantsById.get(t.participantId)?.role;
    return cameras.find((t) => roleOf(t) === 'presenter') ?? cameras.find((t) => roleOf(t) === 'moderator') ?? cameras[0] ?? null;
  }

  nameOf(participantId: string): string {
    return this.participantsById.get(participantId)?.name ?? this.remote.find((t) => t.participantId === participantId)?.name ?? participantId;
  }

  /** Joins the class; resolves once connected (or failed: see state and message). */
  async join(): Promise<void> {
    if (this.state === 'connecting' || this.state === 'connected' || this.state === 'reconnecting') return;
    if (this.settings.transport === 'hls') {
      this.setState('failed', 'HLS arrives with the HLS issue: open the page with transport=webrtc (or without transport) for now.');
      return;
    }
    const gen = ++this.generation;
    this.setState('connecting', null);
    await this.connectLoop(gen, 'connecting');
  }

  /** Leaves the class on purpose: no reconnect. */
  async leave(): Promise<void> {
    ++this.generation;
    const signaling = this.signaling;
    this.signaling = null;
    this.teardownMedia();
    await signaling?.close(true);
    this.localMedia?.stop();
    this.localMedia = null;
    this.emit('localMedia', null);
    this.setState('idle', 'You left the class.');
  }

  async setLayer(layer: string): Promise<void> {
    if (!(LAYER_CHOICES as readonly string[]).includes(layer)) throw new Error(`setLayer: "${layer}" is not a layer; use q, h, f or auto`);
    const choice = layer as LayerChoice;
    if (this.state === 'connecting' || this.state === 'reconnecting') {
      this.layerChoice = choice; // applied when the join completes
      this.emit('layerChoice', choice);
      return;
    }
    if (this.state !== 'connected' || !this.signaling) throw new Error(`setLayer failed: the page is ${this.state}, not connected`);
    await this.signaling.setLayer(choice);
    this.layerChoice = choice;
    this.emit('layerChoice', choice);
  }

  /** Calls a hub method as this page (diagnostics and tests: not part of the automation contract). */
  async invokeHub(method: string, ...args: unknown[]): Promise<unknown> {
    if (!this.signaling?.connected) throw new Error(`${method} failed: the page is ${this.state}, not connected`);
    return this.signaling.invoke<unknown>(method, ...args);
  }

  /** Drops the hub connection as a network failure would (diagnostics and tests): the page reconnects on its own. */
  async simulateConnectionLoss(): Promise<void> {
    if (!this.signaling?.connected) throw new Error(`cannot drop the connection: the page is ${this.state}`);
    await this.signaling.drop();
  }

  setMicEnabled(enabled: boolean): void {
    this.localMedia?.setMicEnabled(enabled);
    this.muteOnServer('microphone', !enabled);
    this.emit('localMedia', this.localMedia);
  }

  setCameraEnabled(enabled: boolean): void {
    this.localMedia?.setCameraEnabled(enabled);
    this.muteOnServer('camera', !enabled);
    this.emit('localMedia', this.localMedia);
  }

  /**
   * Disabling a track locally still sends silence or black frames; the server mute stops forwarding altogether
   * and tells everyone. Best effort: the local mute has already happened if the server is unreachable.
   */
  private muteOnServer(source: 'camera' | 'microphone', muted: boolean): void {
    if (this.state !== 'connected' || !this.signaling) return;
    this.signaling.muteTrack(source, muted).catch((err: Error) => console.warn(`server mute failed: ${err.message}`));
  }

  /** The contract's stats, plus the raw totals for the overlay. */
  async readStats(): Promise<{ stats: ContractStats; totals: MediaTotals }> {
    const totals = await collectMediaTotals(this.publisher?.pc ?? null, this.subscriber?.pc ?? null);
    let server: ServerStats | null = null;
    const signaling = this.signaling;
    if (signaling?.connected && this.state === 'connected') {
      try {
        server = await signaling.getStats();
      } catch (err) {
        if (isRefusal(err)) throw err;
        // the connection went away meanwhile: report what the browser knows
      }
    }
    if (server?.node) this.node = server.node;
    this.lastLayer = server ? this.presenterLayer(server) : null;
    const tracks = this.remote.map((t) => {
      const counters = totals.byMid.get(t.mid);
      return {
        from: this.nameOf(t.participantId) || t.name,
        source: t.source,
        kind: t.kind,
        framesDecoded: t.kind === 'video' ? (counters?.framesDecoded ?? 0) : 0,
        packetsReceived: counters?.packetsReceived ?? 0,
      };
    });
    return {
      totals,
      stats: {
        framesDecoded: totals.framesDecoded,
        framesSent: totals.framesSent,
        bytesReceived: totals.bytesReceived,
        bytesSent: totals.bytesSent,
        layer: this.lastLayer,
        packetsLost: totals.packetsLost,
        rttMs: totals.rttMs,
        glassToGlassMs: this.probeReader.latestMs,
        node: this.node,
        tracks,
      },
    };
  }

  async stats(): Promise<ContractStats> {
    return (await this.readStats()).stats;
  }

  private presenterLayer(server: ServerStats): Layer | null {
    const infoOf = (trackId: string) => this.remote.find((t) => t.trackId === trackId) ?? this.published.get(trackId);
    const cameras = server.tracks.flatMap((t) => {
      const info = infoOf(t.trackId);
      const kind = t.kind ?? info?.kind;
      const source = t.source ?? info?.source;
      if (kind !== 'video' || source !== 'camera') return [];
      const participantId = t.participantId ?? info?.participantId ?? '';
      return [{ rid: t.rid, role: this.participantsById.get(participantId)?.role }];
    });
    // The presenter's camera; in a class led by a moderator alone, the moderator's. A speaker's camera is not "the layer".
    const pick = cameras.find((c) => c.role === 'presenter') ?? cameras.find((c) => c.role === 'moderator');
    const rid = pick?.rid;
    return rid === 'q' || rid === 'h' || rid === 'f' ? rid : null;
  }

  // ---- connecting ------------------------------------------------------------------------------------------

  private async connectLoop(gen: number, waitingState: 'connecting' | 'reconnecting'): Promise<void> {
    let refusals = 0;
    for (let attempt = 0; ; attempt++) {
      if (gen !== this.generation) return;
      try {
        await this.connectOnce(gen);
        if (gen !== this.generation) return;
        this.setState('connected', this.localMedia?.notes.join(' ') || null);
        return;
      } catch (err) {
        if (err instanceof StaleAttempt || gen !== this.generation) return;
        this.teardownConnection();
        const message = (err as Error).message;
        // A refusal ends a first join; while reconnecting, a refusal that is not about credentials (a node
        // restarting, a room being moved) is retried a few times before giving up.
        if (isRefusal(err)) refusals++;
        if (err instanceof FatalError || (isRefusal(err) && (waitingState === 'connecting' || isAuthRefusal(err) || refusals > 5))) {
          this.fail(message);
          return;
        }
        if (attempt + 1 >= MAX_ATTEMPTS) {
          this.fail(`gave up after ${MAX_ATTEMPTS} attempts: ${message}`);
          return;
        }
        const delay = backoffDelay(attempt);
        this.setState(waitingState, `${message} · trying again in ${(delay / 1000).toFixed(1)} s`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async connectOnce(gen: number): Promise<void> {
    const check = () => {
      if (gen !== this.generation) throw new StaleAttempt();
    };
    const { settings } = this;

    // The token and the camera are independent: ask for both at once.
    const tokenReady = settings.token ? Promise.resolve(settings.token) : this.devToken();
    tokenReady.catch(() => undefined); // awaited below; a camera failure must not leave it unhandled

    if (this.publishing && !this.localMedia) {
      let media: LocalMedia;
      try {
        media = await LocalMedia.acquire(settings.probe);
      } catch (err) {
        throw new FatalError((err as Error).message);
      }
      if (gen !== this.generation) {
        media.stop(); // left while the camera was being opened
        throw new StaleAttempt();
      }
      this.localMedia = media;
      this.emit('localMedia', media);
    }

    const token = await tokenReady;
    check();

    const signaling = new RoomSignaling(settings.room, token);
    const subscriber = new Subscriber();
    this.signaling = signaling;
    this.subscriber = subscriber;
    this.wireEvents(gen, signaling, subscriber);
    await signaling.start();
    markJoinStep('hub');
    check();
    signaling.onClose((reason) => {
      if (!reason.intentional) this.lost(gen, `the connection to the server was lost${reason.error ? ` (${reason.error.message})` : ''}`);
    });

    const joined = await signaling.join({ room: settings.room, name: settings.name, role: settings.role, token, region: settings.region ?? undefined });
    markJoinStep('joined');
    check();
    this.applyJoin(joined);
    if (this.layerChoice !== 'auto') await signaling.setLayer(this.layerChoice);

    if (this.publishing && this.localMedia) {
      const publisher = new Publisher(this.localMedia);
      this.publisher = publisher;
      publisher.onFailed = (why) => this.lost(gen, why);
      await publisher.start((sdp, tracks) => signaling.publish(sdp, tracks));
      check();
      const self = this.selfId ? this.participantsById.get(this.selfId) : undefined;
      if (self) {
        self.publishing = true;
        this.emit('participants', this.participants);
      }
    }
  }

  private async devToken(): Promise<string> {
    const { room, name, role } = this.settings;
    try {
      const token = await fetchDevToken(room, name, role);
      markJoinStep('token');
      return token;
    } catch (err) {
      const message = (err as Error).message;
      if (/refused|no dev tokens/.test(message)) throw new FatalError(message);
      throw err;
    }
  }

  private wireEvents(gen: number, signaling: RoomSignaling, subscriber: Subscriber): void {
    const live = () => gen === this.generation;
    subscriber.onTracks = (tracks) => {
      if (!live()) return;
      this.remote = tracks;
      this.emit('tracks', tracks);
    };
    subscriber.onFailed = (why) => this.lost(gen, why);
    signaling.on('subscriberOffer', (offer) => {
      if (live()) subscriber.handleOffer(offer, (sdp) => signaling.answerSubscription(sdp)).catch(() => undefined);
    });
    signaling.on('participantJoined', (p) => {
      if (!live() || !p.id) return;
      const known = this.participantsById.get(p.id);
      this.participantsById.set(p.id, { ...p, publishing: p.publishing || (known?.publishing ?? false) || this.hasTracks(p.id) });
      this.emit('participants', this.participants);
    });
    signaling.on('participantLeft', ({ participantId }) => {
      if (!live()) return;
      this.participantsById.delete(participantId);
      for (const [id, t] of this.published) if (t.participantId === participantId) this.published.delete(id);
      this.emit('participants', this.participants);
    });
    signaling.on('trackPublished', (track) => {
      if (!live()) return;
      this.published.set(track.trackId, track);
      const p = this.participantsById.get(track.participantId);
      if (p) p.publishing = true;
      this.emit('participants', this.participants);
    });
    signaling.on('trackUnpublished', (track) => {
      if (!live()) return;
      this.published.delete(track.trackId);
      const p = this.participantsById.get(track.participantId);
      if (p) p.publishing = this.hasTracks(p.id);
      this.emit('participants', this.participants);
    });
    signaling.on('activeSpeaker', (id) => {
      if (!live()) return;
      this.activeSpeaker = id;
      this.emit('activeSpeaker', id);
    });
    signaling.on('sessionReplaced', (reason) => {
      if (!live()) return;
      ++this.generation;
      this.teardownConnection();
      this.localMedia?.stop();
      this.localMedia = null;
      this.emit('localMedia', null);
      this.fail(`This page stopped: "${this.settings.name}" joined the class again from another tab or window (${reason}). Reload to take over here.`);
    });
  }

  private hasTracks(participantId: string): boolean {
    for (const t of this.published.values()) if (t.participantId === participantId) return true;
    return false;
  }

  private applyJoin(joined: JoinResult): void {
    this.selfId = joined.participantId || null;
    if (joined.node) this.node = joined.node;
    this.participantsById.clear();
    this.published.clear();
    for (const t of joined.tracks) this.published.set(t.trackId, t);
    for (const p of joined.participants) if (p.id) this.participantsById.set(p.id, p);
    if (this.selfId && !this.participantsById.has(this.selfId)) {
      this.participantsById.set(this.selfId, { id: this.selfId, name: joined.name || this.settings.name, role: joined.role || this.settings.role, publishing: this.publishing });
    }
    this.emit('participants', this.participants);
  }

  /** The hub or a media connection was lost: drop everything and rejoin with backoff. */
  private lost(gen: number, why: string): void {
    if (gen !== this.generation) return;
    if (this.state !== 'connected' && this.state !== 'connecting' && this.state !== 'reconnecting') return;
    const next = ++this.generation;
    this.teardownConnection();
    this.setState('reconnecting', why);
    void this.connectLoop(next, 'reconnecting');
  }

  private fail(message: string): void {
    this.setState('failed', message);
  }

  private teardownMedia(): void {
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = null;
    this.subscriber = null;
    if (this.remote.length) {
      this.remote = [];
      this.emit('tracks', []);
    }
  }

  private teardownConnection(): void {
    this.teardownMedia();
    const signaling = this.signaling;
    this.signaling = null;
    void signaling?.close(false);
  }

  private setState(state: ConnectionState, message: string | null): void {
    const changed = state !== this.state;
    this.state = state;
    this.message = message;
    if (changed) this.emit('state', state);
    this.emit('message', message);
  }
}
