using System.Text.Json;
using Microsoft.Playwright;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// Watches a viewer page's playback from inside it: the time of every video frame presented
/// (requestVideoFrameCallback on each video element) and, every second, the page's own
/// <c>window.rtclive.stats()</c> (layer, packets lost); a second without frames is a whole second of the window in which none was presented. A freeze is a gap between presented
/// frames longer than max(3 × the median frame interval, median + 150 ms), the rule of the W3C WebRTC
/// statistics (freezeCount); at 30 fps about 183 ms.
/// </summary>
internal static class PlaybackRecorder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Before the page loads: keeps every RTCPeerConnection the page makes, so the test can read the received
    /// video's own counters (the contract's stats() adds audio and video together).
    /// </summary>
    public static Task KeepPeerConnectionsAsync(IPage page) => page.AddInitScriptAsync("""
        (() => {
          const Original = window.RTCPeerConnection;
          if (!Original) return;
          window.__pcs = [];
          window.RTCPeerConnection = class extends Original {
            constructor(...args) { super(...args); window.__pcs.push(this); }
          };
        })();
        """);

    /// <summary>Received video over every peer connection of the page: lost (never arrived, after repair), received, NACKs sent.</summary>
    public static async Task<VideoReception> VideoReceptionAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("""
            async () => {
              const out = { packetsLost: 0, packetsReceived: 0, nackCount: 0, retransmittedPacketsReceived: 0 };
              for (const pc of window.__pcs ?? []) {
                if (pc.connectionState === 'closed') continue;
                (await pc.getStats()).forEach(s => {
                  if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
                  out.packetsLost += s.packetsLost ?? 0;
                  out.packetsReceived += s.packetsReceived ?? 0;
                  out.nackCount += s.nackCount ?? 0;
                  out.retransmittedPacketsReceived += s.retransmittedPacketsReceived ?? 0;
                });
              }
              return out;
            }
            """)).Deserialize<VideoReception>(Json)!;

    public static Task InstallAsync(IPage page) => page.EvaluateAsync("""
        () => {
          if (window.__playback) return;
          const frames = new Map(); // video element -> presented frame times (performance.now)
          const seconds = [];       // { at, framesDecoded, layer, packetsLost }
          const watch = () => {
            for (const video of document.querySelectorAll('video')) {
              if (frames.has(video) || typeof video.requestVideoFrameCallback !== 'function') continue;
              const times = [];
              frames.set(video, times);
              const onFrame = (now) => { times.push(now); video.requestVideoFrameCallback(onFrame); };
              video.requestVideoFrameCallback(onFrame);
            }
          };
          setInterval(watch, 100);
          watch();
          let pending = false;
          setInterval(async () => {
            if (pending) return;
            pending = true;
            try {
              const s = await window.rtclive.stats();
              seconds.push({ at: performance.now(), framesDecoded: s.framesDecoded, layer: s.layer, packetsLost: s.packetsLost });
              window.__playback.last = s;
            } catch { /* between connections: no sample */ }
            pending = false;
          }, 1000);
          window.__playback = {
            now: () => performance.now(),
            last: null,
            /** Presented frames after a moment: the first one's time (null when none came yet). */
            firstFrameAfter: (t) => {
              let first = null;
              for (const times of frames.values()) for (const f of times) if (f > t && (first === null || f < first)) first = f;
              return first;
            },
            report: (from, to) => {
              let best = [];
              for (const times of frames.values()) {
                const inside = times.filter(t => t >= from && t <= to);
                if (inside.length > best.length) best = inside;
              }
              const gaps = [];
              if (best.length) gaps.push(best[0] - from);
              for (let i = 1; i < best.length; i++) gaps.push(best[i] - best[i - 1]);
              if (best.length) gaps.push(to - best[best.length - 1]); else gaps.push(to - from);
              const sorted = best.slice(1).map((t, i) => t - best[i]).sort((a, b) => a - b);
              const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 33;
              const threshold = Math.max(3 * median, median + 150);
              const freezes = gaps.filter(g => g > threshold);
              const inWindow = seconds.filter(s => s.at >= from && s.at <= to);
              // Whole seconds of the window, each of which must have presented frames.
              const wholeSeconds = Math.floor((to - from) / 1000);
              let secondsWithoutFrames = 0;
              for (let i = 0; i < wholeSeconds; i++)
                if (!best.some(t => t >= from + 1000 * i && t < from + 1000 * (i + 1))) secondsWithoutFrames++;
              return {
                seconds: (to - from) / 1000, framesPresented: best.length, medianFrameMs: median,
                freezeThresholdMs: threshold, freezes: freezes.length, longestGapMs: Math.max(0, ...gaps),
                totalFrozenMs: freezes.reduce((a, b) => a + b, 0), secondsSampled: wholeSeconds, secondsWithoutFrames,
                layers: inWindow.map(s => s.layer ?? '-').join(''),
                packetsLost: inWindow.length > 1 ? inWindow[inWindow.length - 1].packetsLost - inWindow[0].packetsLost : 0,
              };
            },
          };
        }
        """);

    public static Task<double> NowAsync(IPage page) => page.EvaluateAsync<double>("() => window.__playback.now()");

    public static Task<double?> FirstFrameAfterAsync(IPage page, double t) =>
        page.EvaluateAsync<double?>("t => window.__playback.firstFrameAfter(t)", t);

    public static async Task<PlaybackReport> ReportAsync(IPage page, double from, double to) =>
        (await page.EvaluateAsync<JsonElement>("([from, to]) => window.__playback.report(from, to)", new[] { from, to }))
        .Deserialize<PlaybackReport>(Json)!;
}

/// <summary>The received video's counters, from the page's peer connections.</summary>
internal sealed record VideoReception(long PacketsLost, long PacketsReceived, long NackCount, long RetransmittedPacketsReceived);

/// <summary>Playback over one window of time, as <see cref="PlaybackRecorder"/> saw it.</summary>
internal sealed record PlaybackReport(
    double Seconds, int FramesPresented, double MedianFrameMs, double FreezeThresholdMs, int Freezes, double LongestGapMs,
    double TotalFrozenMs, int SecondsSampled, int SecondsWithoutFrames, string Layers, long PacketsLost)
{
    public override string ToString() =>
        FormattableString.Invariant($"{FramesPresented} frames in {Seconds:0.0} s, {Freezes} freezes (> {FreezeThresholdMs:0} ms), longest gap {LongestGapMs:0} ms, ") +
        FormattableString.Invariant($"{SecondsWithoutFrames}/{SecondsSampled} s without new decoded frames, layers per second {Layers}, packets lost {PacketsLost}");
}
