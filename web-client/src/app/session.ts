// One person in one class: the hub connection, the publish and receive peer connections, who is in the room,
// the connection state, and reconnecting (with backoff) when the server or the media path is lost. Views and
// window.rtclive read from here; nothing here touches the DOM except the probe reader's video.

import { ClassroomState } from './classroom';
import { Emitter } from './events';
import { HlsPlayer } from './hlsPlayer';
import { ProbeReader } from './latencyProbe';
import { LocalMedia } from './localMedia';
import { collectMediaTotals, type CandidatePair, type MediaTotals } from './mediaStats';
import { Publisher } from './publisher';
import { publishes, ROLES, type PageSettings, type Role } from './settings';
import {
  backoffDelay, fetchDevToken, isAuthRefusal, isRefusal, isUnreachable, RoomSignaling,
  type ChatEntry, type JoinResult, type ParticipantInfo, type ServerStats, type TrackInfo,
} from './signaling';
import type { ConnectionState } from './state';
import { Subscriber, type RemoteTrack } from './subscriber';
import { markJoinStep, nodeJoinSteps, pageJoinSteps, type JoinStep, type JoinTimeline } from './timeline';

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
  /** The ICE path media takes (local and remote candidate type and protocol); null before one is selected, and over HLS. */
  candidatePair: CandidatePair | null;
  /**
   * Read-only diagnostics: when each step of the first join happened, in ms since navigation start, as the page
   * saw it (load, token, hub, join, offer/answer, ICE, DTLS, first packet, first frame) and as its node saw it
   * (the node's clock placed on the page's timeline; after a reconnect the node's list describes the new
   * connection). Empty lists before the steps happen.
   */
  joinTimeline: JoinTimeline;
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
  /** This page's role changed (a moderator promoted or demoted it). */
  role: Role;
  /** This page started or stopped sharing its screen. */
  screen: MediaStreamTrack | null;
  /** The page watches over HLS now (transport=hls, the button, or WebRTC unavailable). */
  hls: HlsPlayer | null;
  /** Whether the class's chat, hands and participant list are reachable now (over HLS: the hub join without media). */
  inClass: boolean;
}

/** window.rtclive.participants()'s shape (the automation contract). */
export interface ContractParticipant {
  name: string;
  role: string;
  handRaised: boolean;
  publishing: boolean;
  /** Watching over HLS (takes part in chat and hands; cannot be brought on stage). */
  hls: boolean;
}

/** window.rtclive.messages()'s shape (the automation contract). */
export interface ContractMessage {
  from: string;
  text: string;
  at: number;
}

/** Longest chat message the server takes (RtcLive:Classroom:MaxChatLength). */
export const MAX_CHAT_LENGTH = 1000;

/** A failure that retrying will not fix (the camera was refused, the browser lacks something). */
class FatalError extends Error {}
/** The attempt was overtaken (left, replaced, lost again): stop quietly. */
class StaleAttempt extends Error {}

const MAX_ATTEMPTS = 40;

/** How long chat and hands over HLS wait for the classroom's hub join (running beside the player) before refusing. */
const HLS_CLASSROOM_WAIT_MS = 10_000;

/**
 * A viewer whose ICE has been checking this long without connecting watches over HLS instead. Counted from the
 * first check, not from joining: a node may take seconds to offer (a cross-region link opening first), and that
 * wait says nothing about whether this network lets WebRTC through.
 */
const ICE_FALLBACK_MS = 8000;

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
  /** The role in the class now: the URL's, then what the server says (a granted promotion, a demotion). */
  role: Role;
  readonly classroom = new ClassroomState();
  /** The screen capture being shared, if any. */
  screen: MediaStreamTrack | null = null;
  /** The HLS player, when this page watches over HLS. */
  hls: HlsPlayer | null = null;
  /** Whether WebRTC media ever connected on this page (a viewer never connected falls back to HLS). */
  private mediaEverConnected = false;
  /** Over HLS: whether the hub join for the classroom (chat, hands, participants) is in place. */
  private hlsJoined = false;

  private readonly participantsById = new Map<string, Participant>();
  private readonly published = new Map<string, TrackInfo>();
  private remote: RemoteTrack[] = [];
  private signaling: RoomSignaling | null = null;
  private publisher: Publisher | null = null;
  private subscriber: Subscriber | null = null;
  /** STUN/TURN servers from the last join (TURN credentials expire: each join brings fresh ones). */
  private iceServers: RTCIceServer[] = [];
  /** The SFU node this page lost (its media failed, or the server said it is going away): the next join avoids it. */
  private avoidNode: string | null = null;
  // Signaling instances to (re)connect through: '' is the page's own server, the others come with each join.
  private signalingServers: string[] = [''];
  private signalingIndex = 0;
  private devTokenCache: string | null = null;
  // The node's side of the join, as last read (after a reconnect: the new connection's).
  private nodeJoin: JoinStep[] = [];
  // Roster events that arrive while our Join is in flight (someone joining at the same moment): the join's
  // snapshot would overwrite them, so they wait and are applied on top of it.
  private rosterQueue: (() => void)[] | null = null;
  /** Bumped whenever the running connect attempt must be abandoned. */
  private generation = 0;

  constructor(readonly settings: PageSettings) {
    super();
    this.role = settings.role;
  }

  get publishing(): boolean {
    return publishes(this.role);
  }

  /** The class's chat, hands and list are reachable: connected over WebRTC, or over HLS with its hub join in place. */
  get inClass(): boolean {
    return this.hls ? this.hlsJoined && !!this.signaling?.connected : this.state === 'connected';
  }

  get participants(): Participant[] {
    return [...this.participantsById.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.remote;
  }

  /**
   * The video for the big area: a screen share from whoever runs the class (else any screen share), else the
   * presenter's camera (a moderator's if no presenter publishes, else any camera).
   */
  mainVideo(): RemoteTrack | null {
    const videos = this.remote.filter((t) => t.kind === 'video');
    const roleOf = (t: RemoteTrack) => this.participantsById.get(t.participantId)?.role;
    const leads = (t: RemoteTrack) => roleOf(t) === 'presenter' || roleOf(t) === 'moderator';
    const screens = videos.filter((t) => t.source === 'screen');
    const cameras = videos.filter((t) => t.source === 'camera');
    return screens.find(leads) ?? screens[0]
      ?? cameras.find((t) => roleOf(t) === 'presenter') ?? cameras.find((t) => roleOf(t) === 'moderator') ?? cameras[0] ?? null;
  }

  /** Stops (or resumes) receiving one video nobody looks at (a tile scrolled away). Best effort. */
  setTrackPaused(trackId: string, paused: boolean): void {
    if (this.state !== 'connected' || !this.signaling?.connected) return;
    this.signaling.setPaused(trackId, paused).catch(() => undefined);
  }

  nameOf(participantId: string): string {
    return this.participantsById.get(participantId)?.name ?? this.remote.find((t) => t.participantId === participantId)?.name ?? participantId;
  }

  /** Joins the class; resolves once connected (or failed: see state and message). */
  async join(): Promise<void> {
    if (this.state === 'connecting' || this.state === 'connected' || this.state === 'reconnecting') return;
    if (this.hls) return;
    if (this.settings.replay) {
      // The class is over: nothing to join, nothing to publish; the recording plays from its start.
      this.watchOverHls(null);
      return;
    }
    const noWebRtc = typeof RTCPeerConnection !== 'function';
    if (this.settings.transport === 'hls' || noWebRtc) {
      if (this.publishing) {
        this.setState('failed', noWebRtc
          ? 'This browser has no WebRTC: a presenter publishes over WebRTC. Join as a viewer to watch over HLS.'
          : 'HLS is for watching: a presenter publishes over WebRTC (open the page without transport=hls).');
        return;
      }
      this.watchOverHls(noWebRtc ? 'This browser has no WebRTC: watching over HLS, a few seconds behind.' : null);
      return;
    }
    const gen = ++this.generation;
    this.setState('connecting', null);
    await this.connectLoop(gen, 'connecting');
  }

  /**
   * Watches the class over HLS instead of WebRTC (transport=hls, the button, no RTCPeerConnection, or ICE that
   * never connected): the WebRTC connection goes, the player takes the main video, and the page joins the hub again
   * without media for the chat, hands and participant list (no SFU node carries it). A replay joins nothing.
   */
  watchOverHls(message: string | null): void {
    if (this.hls || (this.publishing && !this.settings.replay)) return;
    const gen = ++this.generation;
    this.teardownConnection();
    this.participantsById.clear();
    this.emit('participants', []);
    const player = new HlsPlayer(this.settings.room, this.settings.region, this.settings.replay);
    this.hls = player;
    player.onState = (state, why) => {
      if (this.hls !== player) return;
      this.setState(state, why ?? message);
    };
    this.node = 'hls';
    this.emit('hls', player);
    void player.start();
    if (!this.settings.replay) void this.classroomOverHls(gen);
  }

  /** Joins (and after a lost connection, joins again) the class's hub without media, beside the HLS player. */
  private async classroomOverHls(gen: number): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (gen !== this.generation) return;
      try {
        await this.joinClassroomOverHls(gen);
        return;
      } catch (err) {
        if (err instanceof StaleAttempt || gen !== this.generation) return;
        this.dropClassroomConnection();
        const message = (err as Error).message;
        if (isUnreachable(err) && this.signalingServers.length > 1) this.signalingIndex = (this.signalingIndex + 1) % this.signalingServers.length;
        if (err instanceof FatalError || isRefusal(err)) {
          // The video plays on (it is plain HTTP); the classroom said no, and says why.
          this.setState(this.state, `Chat and hands are not available: ${message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)));
      }
    }
  }

  private async joinClassroomOverHls(gen: number): Promise<void> {
    const check = () => {
      if (gen !== this.generation) throw new StaleAttempt();
    };
    const { settings } = this;
    const token = settings.token ?? this.devTokenCache ?? await this.devToken();
    check();
    if (!settings.token) this.devTokenCache = token;
    const server = this.signalingServers[this.signalingIndex] ?? '';
    const signaling = new RoomSignaling(settings.room, settings.token ?? null, server);
    this.signaling = signaling;
    this.wireEvents(gen, signaling, null);
    await signaling.start();
    check();
    signaling.onClose((reason) => {
      if (reason.intentional || gen !== this.generation || this.signaling !== signaling) return;
      this.dropClassroomConnection();
      void this.classroomOverHls(gen);
    });
    this.rosterQueue = [];
    const joined = await signaling.join({
      room: settings.room, name: settings.name, role: settings.role, token, region: settings.region ?? undefined, media: 'hls',
    });
    check();
    this.learnSignalingServers(server, joined.signalingUrls);
    this.applyJoin(joined);
    const queued = this.rosterQueue ?? [];
    this.rosterQueue = null;
    for (const apply of queued) apply();
    this.hlsJoined = true;
    this.emit('inClass', true);
  }

  /** Over HLS: the classroom's hub connection is gone (lost, refused); the player is untouched. */
  private dropClassroomConnection(): void {
    const signaling = this.signaling;
    this.signaling = null;
    this.rosterQueue = null;
    void signaling?.close(false);
    if (this.hlsJoined) {
      this.hlsJoined = false;
      this.emit('inClass', false);
    }
  }

  /** Leaves the class on purpose: no reconnect. */
  async leave(): Promise<void> {
    this.stopHls();
    ++this.generation;
    const signaling = this.signaling;
    this.signaling = null;
    this.teardownMedia();
    await signaling?.close(true);
    this.releaseLocalMedia();
    this.setState('idle', 'You left the class.');
  }

  async setLayer(layer: string): Promise<void> {
    if (this.hls) throw new Error('setLayer failed: over HLS the player picks the quality itself');
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

  // ---- the classroom: hands, chat, the stage, moderation (window.rtclive and the views call these) ----------

  async raiseHand(): Promise<void> {
    await (await this.classroomSignaling('raiseHand')).raiseHand();
  }

  async lowerHand(): Promise<void> {
    await (await this.classroomSignaling('lowerHand')).lowerHand();
  }

  async dismissHand(name: string): Promise<void> {
    await this.connectedSignaling('dismissHand').dismissHand(this.idOf(name, 'dismissHand'));
  }

  async promote(name: string): Promise<void> {
    await this.connectedSignaling('promote').promote(this.idOf(name, 'promote'));
  }

  async demote(name: string): Promise<void> {
    await this.connectedSignaling('demote').demote(this.idOf(name, 'demote'));
  }

  async mute(name: string, kind: string): Promise<void> {
    if (kind !== 'audio' && kind !== 'video') throw new Error(`mute failed: "${kind}" is neither 'audio' nor 'video'`);
    await this.connectedSignaling('mute').muteParticipant(this.idOf(name, 'mute'), kind);
  }

  async remove(name: string): Promise<void> {
    await this.connectedSignaling('remove').remove(this.idOf(name, 'remove'));
  }

  async endClass(): Promise<void> {
    try {
      await this.connectedSignaling('endClass').endClass();
    } catch (err) {
      // The server's "class ended" can arrive, and close this page's connection, before the call's own reply.
      if (this.state === 'ended') return;
      throw err;
    }
  }

  async chat(text: string): Promise<void> {
    if (typeof text !== 'string') throw new Error('chat failed: the message must be text');
    const trimmed = text.trim();
    if (!trimmed) throw new Error('chat failed: the message is empty');
    // Refused here, politely, before it could reach the server's message-size limit and cost the connection.
    if (trimmed.length > MAX_CHAT_LENGTH) throw new Error(`chat failed: a message is at most ${MAX_CHAT_LENGTH} characters (this one has ${trimmed.length})`);
    const sent = await (await this.classroomSignaling('chat')).chat(trimmed);
    this.classroom.addMessage(sent);
  }

  participantsForContract(): ContractParticipant[] {
    return this.participants.map((p) => ({
      name: p.name, role: p.role, handRaised: this.classroom.isRaised(p.id), publishing: p.publishing, hls: p.media === 'hls',
    }));
  }

  messagesForContract(): ContractMessage[] {
    return this.classroom.chat.map((m: ChatEntry) => ({ from: m.from, text: m.text, at: m.at }));
  }

  /** Shares a screen (getDisplayMedia) as a second video; stopping the capture in the browser's UI stops it here too. */
  async shareScreen(): Promise<void> {
    if (!this.publishing) throw new Error(`shareScreen failed: a ${this.role} does not publish`);
    this.connectedSignaling('shareScreen');
    const publisher = this.publisher;
    if (!publisher) throw new Error('shareScreen failed: your camera and microphone are not published yet');
    if (this.screen) return;
    if (!navigator.mediaDevices?.getDisplayMedia) throw new Error('shareScreen failed: this browser cannot capture a screen (no getDisplayMedia)');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    } catch (err) {
      throw new Error(`shareScreen failed: ${(err as Error).message}`);
    }
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('shareScreen failed: the capture has no video');
    track.addEventListener('ended', () => void this.stopScreen().catch(() => undefined));
    this.screen = track;
    this.emit('screen', track);
    try {
      await publisher.addScreen(track);
    } catch (err) {
      this.endScreenCapture();
      throw new Error(`shareScreen failed: ${(err as Error).message}`);
    }
  }

  async stopScreen(): Promise<void> {
    if (!this.screen) return;
    this.endScreenCapture();
    await this.publisher?.removeScreen();
  }

  private endScreenCapture(): void {
    const track = this.screen;
    if (!track) return;
    this.screen = null;
    track.stop();
    this.emit('screen', null);
  }

  /**
   * For what a viewer does in the class (chat, hands): over HLS the hub join runs beside the player and may still be
   * on its way (or reconnecting) when the page is asked, so it is waited for a few seconds rather than refused.
   */
  private async classroomSignaling(method: string): Promise<RoomSignaling> {
    if (this.hls && !this.inClass) {
      await new Promise<void>((resolve) => {
        const timer = window.setTimeout(done, HLS_CLASSROOM_WAIT_MS);
        const off = this.on('inClass', (joined) => { if (joined) done(); });
        function done(): void {
          window.clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
    return this.connectedSignaling(method);
  }

  private connectedSignaling(method: string): RoomSignaling {
    if (this.hls) {
      if (!this.inClass || !this.signaling) throw new Error(`${method} failed: over HLS the class's chat and hands are not connected now`);
      return this.signaling;
    }
    if (this.state !== 'connected' || !this.signaling?.connected) throw new Error(`${method} failed: the page is ${this.state}, not connected`);
    return this.signaling;
  }

  /** Names are unique in a room: the automation contract names people, the hub wants their ids. */
  private idOf(name: string, method: string): string {
    if (typeof name !== 'string' || !name) throw new Error(`${method} failed: say whom (a participant's name)`);
    const match = [...this.participantsById.values()].find((p) => p.name === name) ?? this.participantsById.get(name);
    if (!match) throw new Error(`${method} failed: nobody called "${name}" is in the class`);
    return match.id;
  }

  /** Another camera or microphone (the device pickers): swapped in place, the class sees the new one at once. */
  async switchDevice(kind: 'video' | 'audio', deviceId: string): Promise<void> {
    if (!this.localMedia) throw new Error('no camera or microphone is open on this page');
    const { previous, next } = await this.localMedia.switchDevice(kind, deviceId);
    await this.publisher?.replaceTrack(previous, next);
    this.emit('localMedia', this.localMedia);
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
    if (signaling?.connected && this.state === 'connected' && !this.hls) {
      try {
        server = await signaling.getStats();
      } catch (err) {
        // A node that just died (signaling is about to send this page elsewhere), or a rejoin whose Join has not
        // completed yet, is not a refusal of the caller: stats() reports what the browser knows meanwhile, like
        // while the connection is away.
        if (isRefusal(err) && !/is unavailable|is gone|join a room first/.test((err as Error).message)) throw err;
        // the connection or the node went away meanwhile: report what the browser knows
      }
    }
    if (server?.node) this.node = server.node;
    if (server && server.join.length > 0) this.nodeJoin = nodeJoinSteps(server.join);
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
        candidatePair: totals.candidatePair,
        joinTimeline: { page: pageJoinSteps(), node: this.nodeJoin },
      },
    };
  }

  async stats(): Promise<ContractStats> {
    if (this.hls) return this.hlsStats(this.hls);
    return (await this.readStats()).stats;
  }

  /** Over HLS: frames from the video element's playback quality, the delay from the probe read off its frames. */
  hlsStats(player: HlsPlayer): ContractStats {
    const frames = player.framesDecoded;
    return {
      framesDecoded: frames, framesSent: 0, bytesReceived: 0, bytesSent: 0, layer: null, packetsLost: 0, rttMs: null,
      glassToGlassMs: this.probeReader.latestMs, node: 'hls',
      tracks: [{ from: 'presenter', source: 'camera', kind: 'video', framesDecoded: frames, packetsReceived: 0 }],
      candidatePair: null,
      joinTimeline: { page: pageJoinSteps(), node: [] },
    };
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
        // The instance is gone: the next attempt goes through another one the last join named.
        if (isUnreachable(err) && this.signalingServers.length > 1) this.signalingIndex = (this.signalingIndex + 1) % this.signalingServers.length;
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
    // A dev token is fetched once and kept: its server may be the one that died.
    const tokenReady = settings.token ? Promise.resolve(settings.token) : this.devTokenCache ? Promise.resolve(this.devTokenCache) : this.devToken();
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

    // A page without a token of its own talks to a server in dev mode, whose hub lets a connection in without
    // one (the token goes with Join): the hub opens while the dev token is fetched instead of after it.
    const hubToken = settings.token ?? null;
    const server = this.signalingServers[this.signalingIndex] ?? '';
    const signaling = new RoomSignaling(settings.room, hubToken, server);
    const subscriber = new Subscriber();
    this.signaling = signaling;
    this.subscriber = subscriber;
    this.wireEvents(gen, signaling, subscriber);
    const hubReady = signaling.start().then(() => markJoinStep('hub'));
    hubReady.catch(() => undefined); // awaited below, after the token

    const token = await tokenReady;
    check();
    if (!settings.token) this.devTokenCache = token;
    await hubReady;
    check();
    signaling.onClose((reason) => {
      if (!reason.intentional) this.lost(gen, `the connection to the server was lost${reason.error ? ` (${reason.error.message})` : ''}`);
    });

    this.rosterQueue = []; // a failed attempt's queue is dropped: the next attempt starts a new one here
    const joined = await signaling.join({
      room: settings.room, name: settings.name, role: settings.role, token, region: settings.region ?? undefined, avoidNode: this.avoidNode ?? undefined,
    });
    this.avoidNode = null;
    this.learnSignalingServers(server, joined.signalingUrls);
    markJoinStep('joined');
    check();
    this.iceServers = joined.iceServers;
    subscriber.configureIce(joined.iceServers, settings.ice);
    this.applyJoin(joined);
    const queued = this.rosterQueue ?? [];
    this.rosterQueue = null;
    for (const apply of queued) apply();
    if (this.layerChoice !== 'auto') await signaling.setLayer(this.layerChoice);

    await this.startPublishing(gen, signaling);
    if (!this.publishing) this.fallBackIfIceNeverConnects(gen, subscriber);
  }

  /** A viewer whose media stays unconnected (ICE checking or failed) a few seconds after its first check watches over HLS. */
  private fallBackIfIceNeverConnects(gen: number, subscriber: Subscriber): void {
    let timer: number | undefined;
    const check = () => {
      const ice = subscriber.pc.iceConnectionState;
      if (ice === 'connected' || ice === 'completed') this.mediaEverConnected = true;
      if (timer !== undefined || this.mediaEverConnected || ice === 'new') return;
      timer = window.setTimeout(() => {
        const now = subscriber.pc.iceConnectionState;
        if (gen !== this.generation || this.mediaEverConnected || this.publishing || (now !== 'checking' && now !== 'failed' && now !== 'disconnected')) return;
        this.watchOverHls(`WebRTC could not connect (ICE ${now} for ${ICE_FALLBACK_MS / 1000} s): watching over HLS instead, a few seconds behind.`);
      }, ICE_FALLBACK_MS);
    };
    subscriber.pc.addEventListener('iceconnectionstatechange', check);
    check();
  }

  /** Publishes camera and microphone (and a screen being shared) when the role allows; releases them when not. */
  private async startPublishing(gen: number, signaling: RoomSignaling): Promise<void> {
    const check = () => {
      if (gen !== this.generation) throw new StaleAttempt();
    };
    if (!this.publishing) {
      this.releaseLocalMedia();
      return;
    }
    if (!this.localMedia) {
      // A viewer promoted (or let back on stage) opens its camera now, without a click.
      const media = await LocalMedia.acquire(this.settings.probe);
      if (gen !== this.generation) {
        media.stop();
        throw new StaleAttempt();
      }
      this.localMedia = media;
      this.emit('localMedia', media);
    }
    const publisher = new Publisher(this.localMedia, this.iceServers, this.settings.ice, this.settings.codec);
    this.publisher = publisher;
    publisher.onFailed = (why) => this.lost(gen, why);
    await publisher.start((sdp, tracks) => signaling.publish(sdp, tracks));
    check();
    if (this.screen?.readyState === 'live') await publisher.addScreen(this.screen);
    check();
    this.markSelfPublishing(true);
  }

  /** Off stage: stop sending and let go of the camera, the microphone and any screen capture. */
  private stopPublishing(): void {
    this.publisher?.close();
    this.publisher = null;
    this.releaseLocalMedia();
    this.markSelfPublishing(false);
  }

  private releaseLocalMedia(): void {
    this.endScreenCapture();
    if (!this.localMedia) return;
    this.localMedia.stop();
    this.localMedia = null;
    this.emit('localMedia', null);
  }

  private markSelfPublishing(publishing: boolean): void {
    const self = this.selfId ? this.participantsById.get(this.selfId) : undefined;
    if (!self || self.publishing === publishing) return;
    self.publishing = publishing;
    this.emit('participants', this.participants);
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

  /** The hub's events for this attempt; without a subscriber (over HLS) only the classroom's matter. */
  private wireEvents(gen: number, signaling: RoomSignaling, subscriber: Subscriber | null): void {
    const live = () => gen === this.generation;
    if (subscriber) this.wireSubscriber(gen, subscriber);
    signaling.on('subscriberOffer', (offer) => {
      if (live() && subscriber) subscriber.handleOffer(offer, (sdp) => signaling.answerSubscription(sdp)).catch(() => undefined);
    });
    this.wireRoomEvents(gen, signaling);
  }

  private wireSubscriber(gen: number, subscriber: Subscriber): void {
    const live = () => gen === this.generation;
    subscriber.onTracks = (tracks) => {
      if (!live()) return;
      this.remote = tracks;
      this.emit('tracks', tracks);
    };
    subscriber.onFailed = (why) => {
      const ice = subscriber.pc.iceConnectionState;
      // Media that never connected is a network WebRTC cannot cross: watch over HLS rather than retry in vain.
      if (!this.mediaEverConnected && !this.publishing && ice === 'failed' && gen === this.generation) {
        this.watchOverHls('WebRTC could not connect (ICE failed): watching over HLS instead, a few seconds behind.');
        return;
      }
      this.avoidNode = this.node; // tell signaling which node failed, so placement skips it at once
      this.lost(gen, why);
    };
  }

  private wireRoomEvents(gen: number, signaling: RoomSignaling): void {
    const live = () => gen === this.generation;
    signaling.on('participantJoined', (p) => {
      if (!live() || !p.id) return;
      this.roster(() => {
        const known = this.participantsById.get(p.id);
        this.participantsById.set(p.id, { ...p, publishing: p.publishing || (known?.publishing ?? false) || this.hasTracks(p.id) });
        this.emit('participants', this.participants);
      });
    });
    signaling.on('participantLeft', ({ participantId }) => {
      if (!live()) return;
      this.roster(() => {
        this.participantsById.delete(participantId);
        this.classroom.forget(participantId);
        for (const [id, t] of this.published) if (t.participantId === participantId) this.published.delete(id);
        this.emit('participants', this.participants);
      });
    });
    signaling.on('trackPublished', (track) => {
      if (!live()) return;
      this.roster(() => {
        this.published.set(track.trackId, track);
        const p = this.participantsById.get(track.participantId);
        if (p) p.publishing = true;
        this.emit('participants', this.participants);
      });
    });
    signaling.on('trackUnpublished', (track) => {
      if (!live()) return;
      this.roster(() => {
        this.published.delete(track.trackId);
        const p = this.participantsById.get(track.participantId);
        if (p) p.publishing = this.hasTracks(p.id);
        this.emit('participants', this.participants);
      });
    });
    signaling.on('activeSpeaker', (id) => {
      if (!live()) return;
      this.activeSpeaker = id;
      this.emit('activeSpeaker', id);
    });
    signaling.on('roleChanged', (p) => {
      if (!live() || !p.id) return;
      this.roster(() => {
        const known = this.participantsById.get(p.id);
        if (known) known.role = p.role;
        this.emit('participants', this.participants);
        if (p.id === this.selfId) this.onOwnRoleChanged(gen, signaling, p.role);
      });
    });
    signaling.on('handChanged', ({ participantId, raised, at }) => {
      if (live()) this.classroom.setHand(participantId, raised, at);
    });
    signaling.on('chatMessage', (message) => {
      if (live()) this.classroom.addMessage(message);
    });
    signaling.on('trackMuted', ({ track, muted }) => {
      if (!live() || track.participantId !== this.selfId || !muted || !this.localMedia) return;
      // Someone else muted us: show it here too (the server already stops forwarding); we may unmute ourselves.
      if (track.source === 'microphone' && this.localMedia.micEnabled) this.localMedia.setMicEnabled(false);
      else if (track.source === 'camera' && this.localMedia.cameraEnabled) this.localMedia.setCameraEnabled(false);
      else return;
      this.emit('localMedia', this.localMedia);
      this.setState(this.state, `Your ${track.source} was muted by a moderator.`);
    });
    signaling.on('classEnded', ({ by }) => {
      if (live()) this.finish('ended', `The class was ended${by ? ` by ${by}` : ''}.`);
    });
    signaling.on('removed', ({ by, reason }) => {
      if (live()) this.finish('removed', `You were removed from the class${by ? ` by ${by}` : ''} (${reason}).`);
    });
    signaling.on('rejoin', ({ avoidNode, reason }) => {
      if (!live()) return;
      this.avoidNode = avoidNode || this.node;
      this.lost(gen, `moving to another media server (${reason})`);
    });
    signaling.on('sessionReplaced', (reason) => {
      if (!live()) return;
      ++this.generation;
      this.stopHls();
      this.teardownConnection();
      this.localMedia?.stop();
      this.localMedia = null;
      this.emit('localMedia', null);
      this.fail(`This page stopped: "${this.settings.name}" joined the class again from another tab or window (${reason}). Reload to take over here.`);
    });
  }

  private onOwnRoleChanged(gen: number, signaling: RoomSignaling, role: string): void {
    if (!(ROLES as readonly string[]).includes(role) || role === this.role) return;
    this.role = role as Role;
    this.emit('role', this.role);
    if (this.state !== 'connected') return; // the join in progress applies it
    if (this.publishing && !this.publisher) {
      this.setState('connected', 'You are on stage: your camera and microphone are live.');
      this.startPublishing(gen, signaling).catch((err: Error) => {
        if (err instanceof StaleAttempt) return;
        this.publisher?.close();
        this.publisher = null;
        this.setState(this.state, `Could not start your camera and microphone: ${err.message}`);
      });
    } else if (!this.publishing && (this.publisher || this.localMedia)) {
      this.stopPublishing();
      this.setState('connected', 'You are back in the audience.');
    }
  }

  /** The class is over for this page (ended, or removed): no reconnect. */
  private finish(state: 'ended' | 'removed', message: string): void {
    ++this.generation;
    this.stopHls();
    this.teardownConnection();
    this.releaseLocalMedia();
    this.classroom.reset([], this.classroom.chat);
    this.setState(state, message);
  }

  /** The class is over for this page: the HLS player (if any) stops with it. */
  private stopHls(): void {
    if (!this.hls) return;
    this.hls.stop();
    this.hls = null;
    if (this.hlsJoined) {
      this.hlsJoined = false;
      this.emit('inClass', false);
    }
  }

  private hasTracks(participantId: string): boolean {
    for (const t of this.published.values()) if (t.participantId === participantId) return true;
    return false;
  }

  private applyJoin(joined: JoinResult): void {
    this.selfId = joined.participantId || null;
    if ((ROLES as readonly string[]).includes(joined.role) && joined.role !== this.role) {
      this.role = joined.role as Role;
      this.emit('role', this.role);
    }
    this.classroom.reset(joined.hands, joined.chat);
    if (joined.node) this.node = joined.node;
    this.participantsById.clear();
    this.published.clear();
    for (const t of joined.tracks) this.published.set(t.trackId, t);
    for (const p of joined.participants) if (p.id) this.participantsById.set(p.id, p);
    if (this.selfId && !this.participantsById.has(this.selfId)) {
      this.participantsById.set(this.selfId, {
        id: this.selfId, name: joined.name || this.settings.name, role: joined.role || this.role, publishing: false, media: this.hls ? 'hls' : 'webrtc',
      });
    }
    this.emit('participants', this.participants);
  }

  /** Applies a roster event now, or after the join in flight has applied its snapshot. */
  private roster(apply: () => void): void {
    if (this.rosterQueue) this.rosterQueue.push(apply);
    else apply();
  }

  /** The instance joined through first, then the others it named, then the page's own server if it is not among them. */
  private learnSignalingServers(current: string, others: string[]): void {
    const own = window.location.origin;
    const key = (server: string) => (server === '' ? own : server);
    const servers = [current];
    for (const server of [...others, '']) if (!servers.some((s) => key(s) === key(server))) servers.push(server);
    this.signalingServers = servers;
    this.signalingIndex = 0;
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
