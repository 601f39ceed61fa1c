// What this page sends: the camera (or the latency probe pattern) and the microphone. Acquired once and kept
// across reconnects, so a reconnect does not ask for the camera again.

import { ProbePattern } from './latencyProbe';

export class LocalMedia {
  readonly stream = new MediaStream();
  video: MediaStreamTrack | null = null;
  audio: MediaStreamTrack | null = null;
  readonly probe: ProbePattern | null;
  /** Something a person should know (no microphone found, …). */
  readonly notes: string[] = [];

  private constructor(probe: ProbePattern | null) {
    this.probe = probe;
  }

  static async acquire(useProbe: boolean): Promise<LocalMedia> {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser cannot capture a camera or microphone (no mediaDevices.getUserMedia; is the page on https or localhost?)');
    const media = new LocalMedia(useProbe ? new ProbePattern() : null);
    if (media.probe) {
      media.video = media.probe.track;
      try {
        const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
        media.audio = mic.getAudioTracks()[0] ?? null;
      } catch (err) {
        media.notes.push(`No microphone: ${(err as Error).message}`);
      }
    } else {
      try {
        const both = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
          audio: { echoCancellation: true, noiseSuppression: true },
        });
        media.video = both.getVideoTracks()[0] ?? null;
        media.audio = both.getAudioTracks()[0] ?? null;
      } catch (err) {
        // One device may be missing or refused: try each alone, so a class can go on with a microphone only.
        const reason = (err as Error).message;
        const video = await navigator.mediaDevices.getUserMedia({ video: true }).catch(() => null);
        const audio = await navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => null);
        media.video = video?.getVideoTracks()[0] ?? null;
        media.audio = audio?.getAudioTracks()[0] ?? null;
        if (!media.video && !media.audio) throw new Error(`camera and microphone unavailable: ${reason}`);
        if (!media.video) media.notes.push(`No camera: ${reason}`);
        if (!media.audio) media.notes.push(`No microphone: ${reason}`);
      }
    }
    if (media.video) {
      media.video.contentHint = media.probe ? 'detail' : 'motion';
      media.stream.addTrack(media.video);
    }
    if (media.audio) media.stream.addTrack(media.audio);
    return media;
  }

  get micEnabled(): boolean {
    return this.audio?.enabled ?? false;
  }

  get cameraEnabled(): boolean {
    return this.video?.enabled ?? false;
  }

  /** Muting keeps the track (black frames, silence) so unmuting needs no renegotiation. */
  setMicEnabled(enabled: boolean): void {
    if (this.audio) this.audio.enabled = enabled;
  }

  setCameraEnabled(enabled: boolean): void {
    if (this.video) this.video.enabled = enabled;
  }

  /**
   * Swaps the camera or microphone for another device (the device pickers). The new track keeps the old one's
   * muted state; the caller hands it to the publisher (replaceTrack, no renegotiation).
   */
  async switchDevice(kind: 'video' | 'audio', deviceId: string): Promise<{ previous: MediaStreamTrack | null; next: MediaStreamTrack }> {
    if (kind === 'video' && this.probe) throw new Error('the latency probe replaces the camera on this page');
    const constraints: MediaStreamConstraints = kind === 'video'
      ? { video: { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } } }
      : { audio: { deviceId: { exact: deviceId }, echoCancellation: true, noiseSuppression: true } };
    const captured = await navigator.mediaDevices.getUserMedia(constraints);
    const next = (kind === 'video' ? captured.getVideoTracks() : captured.getAudioTracks())[0];
    if (!next) throw new Error(`the chosen ${kind === 'video' ? 'camera' : 'microphone'} gave no track`);
    const previous = kind === 'video' ? this.video : this.audio;
    next.enabled = previous?.enabled ?? true;
    if (kind === 'video') next.contentHint = 'motion';
    if (previous) {
      this.stream.removeTrack(previous);
      previous.stop();
    }
    this.stream.addTrack(next);
    if (kind === 'video') this.video = next; else this.audio = next;
    return { previous, next };
  }

  /** The device ids in use, for the pickers to show. */
  deviceOf(kind: 'video' | 'audio'): string | null {
    const track = kind === 'video' ? this.video : this.audio;
    return track?.getSettings().deviceId ?? null;
  }

  stop(): void {
    this.probe?.stop();
    for (const track of this.stream.getTracks()) track.stop();
  }
}
