// The room hub connection (SignalR at /hubs/room): typed calls, server events, readable errors, and the
// dev-token fetch and backoff the session's reconnect loop uses. The hub is camelCase JSON.

import {
  HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type IHttpConnectionOptions,
} from '@microsoft/signalr';
import type { Role } from './settings';

export interface ParticipantInfo {
  id: string;
  name: string;
  role: string;
  publishing: boolean;
  /** How it takes part: over WebRTC, or watching over HLS (chat and hands only, nothing it sends). */
  media: 'webrtc' | 'hls';
}

export interface TrackInfo {
  trackId: string;
  participantId: string;
  name: string;
  source: string;
  kind: 'audio' | 'video';
}

export interface SubscribedTrack extends TrackInfo {
  mid: string;
}

export interface SubscriberOffer {
  sdp: string;
  tracks: SubscribedTrack[];
}

export interface JoinResult {
  participantId: string;
  name: string;
  role: string;
  node: string | null;
  participants: ParticipantInfo[];
  tracks: TrackInfo[];
  hands: RaisedHand[];
  chat: ChatEntry[];
  /** Other live signaling instances (absolute URLs, nearest first): where to reconnect if this one dies. */
  signalingUrls: string[];
  /** STUN/TURN servers for the peer connections (TURN with short-lived credentials), from the server's configuration. */
  iceServers: RTCIceServer[];
}

/** A raised hand; at is when it went up (ms since the epoch). */
export interface RaisedHand {
  participantId: string;
  at: number;
}

/** One chat message: plain text, never HTML. */
export interface ChatEntry {
  id: number;
  participantId: string;
  from: string;
  text: string;
  at: number;
}

/** What the node forwards to this participant now, per track. */
export interface ServerStats {
  node: string | null;
  tracks: { trackId: string; participantId: string | null; source: string | null; kind: string | null; rid: string | null }[];
  /** The node's steps of this page's join, in order (Unix ms on the node's clock). */
  join: { step: string; at: number }[];
}

export interface PublishedTrack {
  mid: string;
  source: 'camera' | 'microphone' | 'screen' | 'screen-audio';
}

export interface JoinRequest {
  room: string;
  name: string;
  role: Role;
  token: string | null;
  region?: string;
  /** A node this page just lost: placement skips it. */
  avoidNode?: string;
  /** 'hls': the page watches over HLS and joins for the classroom alone (chat, hands, participants), on no SFU node. */
  media?: 'hls';
}

/** Events the server sends. */
export interface RoomEvents {
  subscriberOffer: SubscriberOffer;
  participantJoined: ParticipantInfo;
  participantLeft: { participantId: string; reason: string };
  trackPublished: TrackInfo;
  trackUnpublished: TrackInfo;
  activeSpeaker: string | null;
  sessionReplaced: string;
  trackMuted: { track: TrackInfo; muted: boolean };
  roleChanged: ParticipantInfo;
  handChanged: { participantId: string; raised: boolean; at: number };
  chatMessage: ChatEntry;
  classEnded: { by: string };
  removed: { by: string; reason: string };
  rejoin: { avoidNode: string; reason: string };
}

/** Why a connection ended: the caller's close, or a loss (with the error SignalR gave). */
export type CloseReason = { intentional: true } | { intentional: false; error?: Error };

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const optStr = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function participantFrom(raw: unknown, tracks: TrackInfo[] = []): ParticipantInfo {
  const p = (raw ?? {}) as Json;
  const id = str(p.id ?? p.participantId);
  return {
    id,
    name: str(p.name),
    role: str(p.role),
    publishing: typeof p.publishing === 'boolean' ? p.publishing : tracks.some((t) => t.participantId === id),
    media: str(p.media) === 'hls' ? 'hls' : 'webrtc',
  };
}

function trackFrom(raw: unknown): TrackInfo {
  const t = (raw ?? {}) as Json;
  return {
    trackId: str(t.trackId),
    participantId: str(t.participantId),
    name: str(t.name),
    source: str(t.source),
    kind: str(t.kind) === 'audio' ? 'audio' : 'video',
  };
}

export function normalizeJoin(raw: unknown): JoinResult {
  const r = (raw ?? {}) as Json;
  const self = (r.self ?? {}) as Json;
  const tracks = Array.isArray(r.tracks) ? r.tracks.map(trackFrom) : [];
  return {
    participantId: str(r.participantId ?? self.id ?? self.participantId),
    name: str(r.name ?? self.name),
    role: str(r.role ?? self.role),
    node: optStr(r.node),
    participants: Array.isArray(r.participants) ? r.participants.map((p) => participantFrom(p, tracks)) : [],
    tracks,
    hands: Array.isArray(r.hands) ? (r.hands as Json[]).map((h) => ({ participantId: str(h.participantId), at: Number(h.at) || 0 })) : [],
    chat: Array.isArray(r.chat) ? r.chat.map(chatFrom) : [],
    signalingUrls: Array.isArray(r.signalingUrls) ? r.signalingUrls.filter((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u)) : [],
    iceServers: Array.isArray(r.iceServers) ? (r.iceServers as Json[]).flatMap(iceServerFrom) : [],
  };
}

function iceServerFrom(raw: Json): RTCIceServer[] {
  const urls = Array.isArray(raw.urls) ? raw.urls.filter((u): u is string => typeof u === 'string') : typeof raw.urls === 'string' ? [raw.urls] : [];
  if (!urls.length) return [];
  const server: RTCIceServer = { urls };
  if (typeof raw.username === 'string') server.username = raw.username;
  if (typeof raw.credential === 'string') server.credential = raw.credential;
  return [server];
}

function chatFrom(raw: unknown): ChatEntry {
  const m = (raw ?? {}) as Json;
  return { id: Number(m.id) || 0, participantId: str(m.participantId), from: str(m.from), text: str(m.text), at: Number(m.at) || 0 };
}

export function normalizeStats(raw: unknown): ServerStats {
  const r = (raw ?? {}) as Json;
  const tracks: ServerStats['tracks'] = [];
  if (Array.isArray(r.tracks)) {
    for (const t of r.tracks as Json[]) {
      tracks.push({ trackId: str(t.trackId), participantId: optStr(t.participantId), source: optStr(t.source), kind: optStr(t.kind), rid: optStr(t.rid ?? t.layer) });
    }
  } else if (r.layers && typeof r.layers === 'object') {
    for (const [trackId, rid] of Object.entries(r.layers as Json)) tracks.push({ trackId, participantId: null, source: null, kind: null, rid: optStr(rid) });
  }
  const join: ServerStats['join'] = [];
  if (Array.isArray(r.join)) {
    for (const j of r.join as Json[]) if (typeof j.step === 'string' && Number.isFinite(Number(j.at))) join.push({ step: j.step, at: Number(j.at) });
  }
  return { node: optStr(r.node), tracks, join };
}

/**
 * Turns SignalR's "An unexpected error occurred invoking 'X' on the server. HubException: why" into
 * "X refused: why", so a person (and a test) reads why.
 */
export function hubError(method: string, err: unknown): Error {
  const raw = err instanceof Error ? err.message : String(err);
  const match = /^An unexpected error occurred invoking '([^']+)' on the server\.\s*(?:HubException:\s*)?(.*)$/s.exec(raw);
  if (match) {
    const why = match[2].trim();
    return new Error(why ? `${method} refused: ${why}` : `${method} refused by the server (no reason given)`);
  }
  if (/^Failed to invoke '[^']+' due to an error on the server/.test(raw)) return new Error(`${method} refused: ${raw}`);
  if (/connection (?:being closed|is not in the 'Connected' State)|Invocation canceled/i.test(raw)) return new Error(`${method} failed: not connected to the server`);
  return new Error(`${method} failed: ${raw}`);
}

/** Was this error the server saying no (as opposed to the network failing)? */
export function isRefusal(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return / refused[: ]/.test(message) || /\b(401|403)\b|Unauthorized|Forbidden/i.test(message);
}

/** Was this error the server being unreachable (dead, or no route), so another instance may serve instead? */
export function isUnreachable(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith('could not connect to the server') && !/\b40[13]\b/.test(message);
}

/** A refusal about who you are or what you may do: retrying with the same credentials cannot help. */
export function isAuthRefusal(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /token|\b40[13]\b|Unauthorized|Forbidden|may not|not allowed|removed|role/i.test(message);
}

/** Reconnect delay for the n-th attempt (0-based): 0.5 s, 1 s, 2 s, 4 s … capped at 10 s, with ±20 % jitter. */
export function backoffDelay(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export async function fetchDevToken(room: string, name: string, role: Role): Promise<string> {
  const url = `/api/dev/token?${new URLSearchParams({ room, name, role }).toString()}`;
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store' });
  } catch (err) {
    throw new Error(`could not reach the server for a token: ${(err as Error).message}`);
  }
  if (response.status === 404) throw new Error('this server gives no dev tokens: open the page with a token=… parameter');
  if (!response.ok) {
    const body = (await response.text().catch(() => '')).slice(0, 300);
    throw new Error(`token refused (${response.status})${body ? `: ${body}` : ''}`);
  }
  const json = (await response.json()) as { token?: string };
  if (!json.token) throw new Error('the dev token endpoint answered without a token');
  return json.token;
}

/** One connection to the room hub. A lost connection is not reopened here: the session rejoins with a new one. */
export class RoomSignaling {
  private connection: HubConnection;
  private readonly handlers: { event: string; handler: (raw: unknown) => void }[] = [];
  private closing = false;
  private closeHandler: ((reason: CloseReason) => void) | null = null;

  /** @param server another signaling instance's origin (e.g. after the page's own died); '' for the page's own. */
  constructor(
    private readonly room: string,
    private readonly token: string | null,
    private readonly server: string = '',
  ) {
    this.connection = this.build(true);
  }

  /**
   * The first attempt opens the WebSocket straight away (no negotiate round trip: a faster join); the second
   * negotiates, which works through proxies without WebSockets and turns a refused token into a readable 401.
   */
  private build(direct: boolean): HubConnection {
    const options: IHttpConnectionOptions = direct ? { transport: HttpTransportType.WebSockets, skipNegotiation: true } : {};
    const token = this.token;
    if (token) options.accessTokenFactory = () => token;
    const connection = new HubConnectionBuilder()
      .withUrl(`${this.server}/hubs/room?${new URLSearchParams({ room: this.room }).toString()}`, options)
      .configureLogging(direct ? LogLevel.None : LogLevel.Warning)
      .build();
    for (const { event, handler } of this.handlers) connection.on(event, handler);
    connection.onclose((error) => {
      if (connection !== this.connection) return;
      const handler = this.closeHandler;
      this.closeHandler = null;
      handler?.(this.closing ? { intentional: true } : { intentional: false, error });
    });
    return connection;
  }

  get connected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  onClose(handler: (reason: CloseReason) => void): void {
    this.closeHandler = handler;
  }

  /** Registers a server event; the payload is normalised to the shapes above. */
  on<K extends keyof RoomEvents>(event: K, handler: (value: RoomEvents[K]) => void): void {
    const raw = (value: unknown) => handler(normalizeEvent(event, value) as RoomEvents[K]);
    this.handlers.push({ event, handler: raw });
    this.connection.on(event, raw);
  }

  async start(): Promise<void> {
    try {
      await this.connection.start();
      return;
    } catch {
      // The direct WebSocket failed (no WebSockets on the path, or a refusal it cannot tell apart): negotiate.
      if (this.closing) throw new Error('could not connect to the server: the page left meanwhile');
      this.connection = this.build(false);
    }
    try {
      await this.connection.start();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/\b401\b|Unauthorized/i.test(message)) throw new Error(`the server refused the token (401): ${message}`);
      if (/\b403\b|Forbidden/i.test(message)) throw new Error(`the server refused the connection (403): ${message}`);
      throw new Error(`could not connect to the server${this.server ? ` at ${this.server}` : ''}: ${message}`);
    }
  }

  async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.connected) throw new Error(`${method} failed: not connected to the server`);
    try {
      return (await this.connection.invoke(method, ...args)) as T;
    } catch (err) {
      throw hubError(method, err);
    }
  }

  async join(request: JoinRequest): Promise<JoinResult> {
    const body: Record<string, unknown> = { room: request.room, name: request.name, role: request.role, token: request.token };
    if (request.region) body.region = request.region;
    if (request.avoidNode) body.avoidNode = request.avoidNode;
    if (request.media) body.media = request.media;
    return normalizeJoin(await this.invoke<unknown>('Join', body));
  }

  publish(sdp: string, tracks: PublishedTrack[]): Promise<string> {
    return this.invoke<string>('Publish', { sdp, tracks });
  }

  answerSubscription(sdp: string): Promise<void> {
    return this.invoke<void>('AnswerSubscription', sdp);
  }

  setLayer(layer: string): Promise<void> {
    return this.invoke<void>('SetLayer', layer);
  }

  /** Mutes (or unmutes) our own track of this source for everyone: the server stops forwarding it. */
  muteTrack(source: 'camera' | 'microphone' | 'screen', muted: boolean): Promise<void> {
    return this.invoke<void>('MuteTrack', source, muted);
  }

  raiseHand(): Promise<void> {
    return this.invoke<void>('RaiseHand');
  }

  lowerHand(): Promise<void> {
    return this.invoke<void>('LowerHand');
  }

  dismissHand(participantId: string): Promise<void> {
    return this.invoke<void>('DismissHand', participantId);
  }

  promote(participantId: string): Promise<void> {
    return this.invoke<void>('Promote', participantId);
  }

  demote(participantId: string): Promise<void> {
    return this.invoke<void>('Demote', participantId);
  }

  muteParticipant(participantId: string, kind: 'audio' | 'video'): Promise<void> {
    return this.invoke<void>('MuteParticipant', participantId, kind);
  }

  remove(participantId: string): Promise<void> {
    return this.invoke<void>('Remove', participantId);
  }

  endClass(): Promise<void> {
    return this.invoke<void>('EndClass');
  }

  async chat(text: string): Promise<ChatEntry> {
    return chatFrom(await this.invoke<unknown>('Chat', text));
  }

  setPaused(trackId: string, paused: boolean): Promise<void> {
    return this.invoke<void>('SetPaused', trackId, paused);
  }

  async getStats(): Promise<ServerStats> {
    return normalizeStats(await this.invoke<unknown>('GetStats'));
  }

  /** Closes as if the network had dropped the connection (diagnostics and tests: the session reconnects). */
  async drop(): Promise<void> {
    await this.connection.stop().catch(() => undefined);
  }

  /** Says goodbye (best effort) and closes. */
  async close(leave: boolean): Promise<void> {
    this.closing = true;
    if (leave && this.connected) {
      try {
        await Promise.race([this.connection.invoke('Leave'), new Promise((resolve) => setTimeout(resolve, 1000))]);
      } catch {
        // leaving a room we are no longer in is fine
      }
    }
    await this.connection.stop().catch(() => undefined);
  }
}

function normalizeEvent(event: keyof RoomEvents, raw: unknown): RoomEvents[keyof RoomEvents] {
  const r = (raw ?? {}) as Json;
  switch (event) {
    case 'subscriberOffer': {
      const tracks = Array.isArray(r.tracks) ? (r.tracks as Json[]).map((t) => ({ ...trackFrom(t), mid: str(t.mid) })) : [];
      return { sdp: str(r.sdp), tracks };
    }
    case 'participantJoined':
      return participantFrom(raw);
    case 'participantLeft': {
      const participant = (r.participant ?? {}) as Json;
      return { participantId: str(r.participantId ?? participant.id), reason: str(r.reason) };
    }
    case 'trackPublished':
    case 'trackUnpublished':
      return trackFrom(raw);
    case 'activeSpeaker':
      return typeof raw === 'string' ? raw : optStr(r.participantId);
    case 'sessionReplaced':
      return typeof raw === 'string' ? raw : str(r.reason) || 'joined again from another tab or window';
    case 'trackMuted':
      return { track: trackFrom(r.track), muted: r.muted === true };
    case 'roleChanged':
      return participantFrom(raw);
    case 'handChanged':
      return { participantId: str(r.participantId), raised: r.raised === true, at: Number(r.at) || 0 };
    case 'chatMessage':
      return chatFrom(raw);
    case 'classEnded':
      return { by: str(r.by) };
    case 'removed':
      return { by: str(r.by), reason: str(r.reason) || 'removed by a moderator' };
    case 'rejoin':
      return { avoidNode: str(r.avoidNode), reason: str(r.reason) || 'the media server is going away' };
  }
}
