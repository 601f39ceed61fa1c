// The HLS player of the classroom view (hls.js in low-latency mode; Safari's own HLS where hls.js cannot run):
// for viewers whose network or browser cannot do WebRTC. Signaling says where the room plays (GET /api/hls/{room}:
// this server's /hls/{room}/index.m3u8 in embedded mode, the room's HLS worker in a cluster), asked again on every
// retry (a worker that died hands its rooms to another). It retries while the class
// has not started or the server restarts its transcoder, and reports what window.rtclive needs: a state, the
// frames decoded, the delay. With replay it plays the ended class's kept recording instead (/hls/{room}/replay/,
// VOD playlists ending in EXT-X-ENDLIST), from its start, and ends with it.

import type HlsType from 'hls.js';

export type HlsState = 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed';

/** Frames that do not advance for this long mean a stall: the player recovers (and says so). */
const STALL_MS = 4000;
// Frames still for this long at the very end of an ended stream: it has ended (see atEndOfEndedStream).
const ENDED_STALL_MS = 1500;
const RETRY_MS = 2000;

export class HlsPlayer {
  readonly video: HTMLVideoElement;
  onState: (state: HlsState, message: string | null) => void = () => undefined;
  private hls: HlsType | null = null;
  private watchdog = 0;
  private retryTimer = 0;
  private lastFrames = 0;
  private lastAdvance = 0;
  private endList = false;
  private stopped = false;
  private state: HlsState = 'connecting';

  /** The playlist this player plays (or last asked for); empty until signaling answered. */
  url = '';

  constructor(private readonly room: string, private readonly region: string | null = null, private readonly replay = false) {
    this.video = document.createElement('video');
    this.video.autoplay = true;
    this.video.muted = true; // browsers autoplay muted video only; the view offers a sound button
    this.video.playsInline = true;
    this.video.className = 'hls-video';
    this.video.addEventListener('ended', () => this.set('ended', this.replay ? 'The replay has ended.' : 'The class has ended.'));
  }

  /** The replay sits beside the live playlist, wherever signaling says the room plays. */
  private async locatePlaylist(): Promise<string> {
    const live = await this.locate();
    return this.replay ? live.replace(/index\.m3u8(\?.*)?$/, 'replay/index.m3u8') : live;
  }

  /** Where this room plays over HLS, as signaling says; this server's own /hls when signaling does not answer. */
  private async locate(): Promise<string> {
    const fallback = `/hls/${encodeURIComponent(this.room)}/index.m3u8`;
    const query = this.region ? `?region=${encodeURIComponent(this.region)}` : '';
    let response: Response;
    try {
      response = await fetch(`/api/hls/${encodeURIComponent(this.room)}${query}`, { cache: 'no-store' });
    } catch {
      return fallback;
    }
    const body = (await response.json().catch(() => null)) as { url?: unknown; message?: unknown } | null;
    if (response.ok && typeof body?.url === 'string' && body.url) return body.url;
    if (response.status === 503) throw new Error(typeof body?.message === 'string' ? body.message : 'HLS is unavailable');
    return fallback;
  }

  /** Total frames the video element decoded (getVideoPlaybackQuality). */
  get framesDecoded(): number {
    return this.video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
  }

  /** The player's own estimate of its distance to the live edge, in seconds (hls.js), or null. */
  get latencySeconds(): number | null {
    const latency = this.hls?.latency;
    return typeof latency === 'number' && Number.isFinite(latency) ? latency : null;
  }

  async start(): Promise<void> {
    this.set('connecting', 'Loading the class over HLS…');
    const { default: Hls } = await import('hls.js');
    if (this.stopped) return;
    if (!Hls.isSupported()) {
      if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
        this.url = await this.locatePlaylist().catch(() => `/hls/${encodeURIComponent(this.room)}/${this.replay ? 'replay/' : ''}index.m3u8`);
        this.video.src = this.url; // native HLS (Safari): low latency as far as the browser does it
        this.startWatchdog();
        return;
      }
      this.set('failed', 'This browser can play neither WebRTC nor HLS (no Media Source Extensions).');
      return;
    }
    void this.load(Hls);
    this.startWatchdog();
  }

  stop(): void {
    this.stopped = true;
    window.clearInterval(this.watchdog);
    window.clearTimeout(this.retryTimer);
    this.hls?.destroy();
    this.hls = null;
    this.video.removeAttribute('src');
  }

  private async load(Hls: typeof HlsType): Promise<void> {
    this.hls?.destroy();
    this.hls = null;
    try {
      this.url = await this.locatePlaylist();
    } catch (error) {
      // No HLS anywhere now (no worker up, ffmpeg missing): say why and ask again a little later.
      if (this.stopped) return;
      if (this.state !== 'ended') this.set(this.state === 'connected' ? 'reconnecting' : 'connecting', `${(error as Error).message}; trying again…`);
      this.retryTimer = window.setTimeout(() => { if (!this.stopped) void this.load(Hls); }, RETRY_MS);
      return;
    }
    if (this.stopped) return;
    const hls = new Hls(this.replay
      ? { lowLatencyMode: false, startPosition: 0 }
      : {
        lowLatencyMode: true,
        backBufferLength: 10,
        maxLiveSyncPlaybackRate: 1.5, // catch up with the live edge after a stall, a little faster than realtime
        liveDurationInfinity: true,
      });
    this.hls = hls;
    this.endList = false;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal || this.stopped || this.hls !== hls) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
        return;
      }
      // The class has no video yet (503), the transcoder restarted into a new run (404), no replay is kept yet
      // (404), the server went away: start over from the multivariant playlist a little later.
      if (this.state !== 'ended') this.set(this.state === 'connected' ? 'reconnecting' : 'connecting', `HLS: ${data.details}; trying again…`);
      hls.destroy();
      this.hls = null;
      this.retryTimer = window.setTimeout(() => { if (!this.stopped) void this.load(Hls); }, RETRY_MS);
    });
    hls.loadSource(this.url);
    hls.attachMedia(this.video);
    hls.on(Hls.Events.MANIFEST_PARSED, () => void this.video.play().catch(() => undefined));
    // A playlist with EXT-X-ENDLIST (the class ended, or a replay) is not live any more.
    hls.on(Hls.Events.LEVEL_LOADED, (_event, data) => { if (this.hls === hls && !data.details.live) this.endList = true; });
  }

  /**
   * At the end of an ended stream: nothing buffered ahead and nothing left to fetch. The video element alone does
   * not always say so: when the last segment's stated duration runs a frame past its media (10.033 s stated, 10.0 s
   * of frames), it waits at the end for ever without an 'ended' event.
   */
  private atEndOfEndedStream(): boolean {
    if (!this.endList) return false;
    const video = this.video;
    const buffered = video.buffered;
    const bufferedEnd = buffered.length ? buffered.end(buffered.length - 1) : 0;
    if (bufferedEnd - video.currentTime > 0.1) return false;
    return !Number.isFinite(video.duration) || video.duration - video.currentTime < 1;
  }

  /** 'connected' while frames advance; a stall is recovered by jumping to the live edge, then by reloading. */
  private startWatchdog(): void {
    this.lastAdvance = performance.now();
    this.watchdog = window.setInterval(() => {
      if (this.stopped || this.state === 'ended') return;
      const frames = this.framesDecoded;
      const now = performance.now();
      if (frames > this.lastFrames) {
        this.lastFrames = frames;
        this.lastAdvance = now;
        if (this.state !== 'connected') this.set('connected', null);
        return;
      }
      if (now - this.lastAdvance >= ENDED_STALL_MS && this.atEndOfEndedStream()) {
        this.set('ended', this.replay ? 'The replay has ended.' : 'The class has ended.');
        return;
      }
      if (now - this.lastAdvance < STALL_MS || this.state !== 'connected') return;
      this.set('reconnecting', 'The HLS stream stalled; catching up…');
      this.lastAdvance = now;
      const hls = this.hls;
      if (hls?.liveSyncPosition) this.video.currentTime = hls.liveSyncPosition;
      hls?.startLoad();
      void this.video.play().catch(() => undefined);
    }, 500);
  }

  private set(state: HlsState, message: string | null): void {
    if (this.state === 'ended' && state !== 'ended') return;
    this.state = state;
    if (state === 'ended') this.stop();
    this.onState(state, message);
  }
}
