// Received media on the page: one figure per remote video (the main one on the stage, the rest as tiles) and
// one hidden <audio> per remote audio track. Elements are kept per track id across renegotiations.

import type { ClassSession } from '../session';
import type { RemoteTrack } from '../subscriber';
import { markJoinStep } from '../timeline';
import { h } from './dom';

/** Videos on the page before tiles out of sight are paused. */
const PAUSE_TILES_FROM = 6;

const SOURCE_LABELS: Record<string, string> = { camera: 'camera', screen: 'screen', microphone: 'microphone' };

export class RemoteMedia {
  private readonly videos = new Map<string, { figure: HTMLElement; video: HTMLVideoElement; caption: HTMLElement; participantId: string }>();
  private readonly audios = new Map<string, HTMLAudioElement>();
  private mainId: string | null = null;
  readonly soundButton: HTMLButtonElement;
  /**
   * In a class with many videos, tiles out of sight are paused at the server (no bandwidth spent on them) and
   * resumed when they scroll back. With a few, all keep playing: nothing to save, and nothing to surprise anyone.
   */
  private readonly visibility = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => this.onVisibility(entries), { threshold: 0 })
    : null;
  private readonly paused = new Set<string>();

  /**
   * @param mainSlot where the presenter's camera goes (null: every video is a tile)
   * @param onMain told which video element is the main one now (the latency probe reads it)
   */
  constructor(
    private readonly session: ClassSession,
    private readonly mainSlot: HTMLElement | null,
    private readonly tiles: HTMLElement,
    private readonly audioBox: HTMLElement,
    private readonly onMain: (video: HTMLVideoElement | null) => void,
  ) {
    this.soundButton = h('button', { type: 'button', class: 'button', hidden: true, text: 'Turn sound on' });
    this.soundButton.addEventListener('click', () => {
      for (const audio of this.audios.values()) void audio.play().catch(() => undefined);
      for (const { video } of this.videos.values()) void video.play().catch(() => undefined);
      this.soundButton.hidden = true;
    });
    session.on('tracks', (tracks) => this.update(tracks));
    session.on('participants', () => this.update(session.remoteTracks));
    session.on('activeSpeaker', (id) => this.highlight(id));
  }

  update(tracks: readonly RemoteTrack[]): void {
    const main = this.mainSlot ? this.session.mainVideo() : null;
    const present = new Set(tracks.map((t) => t.trackId));

    for (const [id, entry] of this.videos) {
      if (present.has(id)) continue;
      this.visibility?.unobserve(entry.figure);
      this.paused.delete(id);
      entry.figure.remove();
      this.videos.delete(id);
    }
    for (const [id, audio] of this.audios) if (!present.has(id)) { audio.srcObject = null; audio.remove(); this.audios.delete(id); }

    for (const t of tracks) {
      if (t.kind === 'audio') {
        if (!this.audios.has(t.trackId)) {
          const audio = h('audio', { autoplay: true, 'data-track': t.trackId });
          audio.srcObject = new MediaStream([t.track]);
          this.audioBox.append(audio);
          this.audios.set(t.trackId, audio);
          audio.play().catch(() => { this.soundButton.hidden = false; });
        }
        continue;
      }
      let entry = this.videos.get(t.trackId);
      if (!entry) {
        const video = h('video', { autoplay: true, playsinline: true });
        video.muted = true; // sound comes from the <audio> elements
        video.srcObject = new MediaStream([t.track]);
        markFirstFrame(video);
        const caption = h('figcaption');
        const figure = h('figure', { class: 'tile', 'data-track': t.trackId, 'data-source': t.source }, video, caption);
        entry = { figure, video, caption, participantId: t.participantId };
        this.videos.set(t.trackId, entry);
      }
      const who = this.session.nameOf(t.participantId);
      const what = SOURCE_LABELS[t.source] ?? t.source;
      entry.caption.textContent = `${who} · ${what}`;
      entry.video.setAttribute('aria-label', `${who}'s ${what}`);
      const isMain = main?.trackId === t.trackId;
      const parent = isMain ? this.mainSlot! : this.tiles;
      entry.figure.classList.toggle('main', isMain);
      entry.figure.classList.toggle('tile', !isMain);
      if (entry.figure.parentElement !== parent) {
        parent.append(entry.figure);
        void entry.video.play().catch(() => undefined);
        if (isMain) {
          this.visibility?.unobserve(entry.figure);
          this.resume(t.trackId);
        } else {
          this.visibility?.observe(entry.figure);
        }
      }
    }

    const mainId = main?.trackId ?? null;
    if (mainId !== this.mainId) {
      this.mainId = mainId;
      this.onMain(mainId ? this.videos.get(mainId)!.video : null);
    }
    this.mainSlot?.classList.toggle('empty', !mainId);
    this.tiles.hidden = this.tiles.querySelectorAll('figure:not([hidden])').length === 0;
    this.highlight(this.session.activeSpeaker);
  }

  private onVisibility(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const trackId = (entry.target as HTMLElement).dataset.track;
      if (!trackId || trackId === this.mainId) continue;
      if (entry.isIntersecting || this.videos.size < PAUSE_TILES_FROM) this.resume(trackId);
      else if (!this.paused.has(trackId)) {
        this.paused.add(trackId);
        this.session.setTrackPaused(trackId, true);
      }
    }
  }

  private resume(trackId: string): void {
    if (!this.paused.delete(trackId)) return;
    this.session.setTrackPaused(trackId, false);
  }

  private highlight(participantId: string | null): void {
    for (const entry of this.videos.values()) entry.figure.classList.toggle('speaking', !!participantId && entry.participantId === participantId);
  }
}

/** Marks the join step 'first-frame' when the first remote video frame is presented (where the browser can tell). */
function markFirstFrame(video: HTMLVideoElement): void {
  if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(() => markJoinStep('first-frame'));
  else video.addEventListener('loadeddata', () => markJoinStep('first-frame'), { once: true });
}
