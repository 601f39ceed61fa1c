using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RtcLive.Hls.Packaging;
using RtcLive.Hls.Rooms;

namespace RtcLive.Hls.Serving;

/// <summary>
/// HLS over HTTP: <c>/hls/{room}/index.m3u8</c> (the multivariant playlist), <c>/hls/{room}/{run}/{rung}/index.m3u8</c>
/// (LL-HLS media playlists, blocking with <c>_HLS_msn</c>/<c>_HLS_part</c>) and the run's init segments, segments and
/// parts. Cache headers suit a CDN: playlists for a second, media files for a year (immutable: every URL names its run,
/// so no two runs share one); CORS open to any origin (plain GETs, no credentials); 503 with the reason when HLS is off.
/// An ended class kept as a replay plays from <c>/hls/{room}/replay/index.m3u8</c> (VOD playlists, EXT-X-ENDLIST).
/// </summary>
public static partial class HlsEndpoints
{
    public const string PlaylistType = "application/vnd.apple.mpegurl";
    private const string Mp4Type = "video/mp4";
    private const string PlaylistCache = "public, max-age=1";
    private const string EndedPlaylistCache = "public, max-age=60";
    private const string MediaCache = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapHls(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/hls/{room}");
        group.MapGet("/index.m3u8", MultivariantAsync);
        group.MapGet("/replay/index.m3u8", ReplayPlaylist);
        group.MapGet("/replay/{run}/{rung}/{file}", ReplayFile);
        group.MapGet("/{run}/{rung}/index.m3u8", MediaPlaylistAsync);
        group.MapGet("/{run}/{rung}/{file}", MediaFileAsync);
        return app;
    }

    private static async Task<IResult> MultivariantAsync(string room, HttpContext http, HlsRooms rooms, IOptions<HlsOptions> options)
    {
        Cors(http);
        if (rooms.Watch(room, ClientOf(http)) is not { } worker) return Off(http, rooms);
        var ladder = await worker.WaitForLadderAsync(options.Value.RequestWait, http.RequestAborted);
        if (ladder is null) return NotYet(http, worker.Ended ? "the class has ended" : "the class has no video yet");
        http.Response.Headers.CacheControl = PlaylistCache;
        return Results.Text(MultivariantPlaylistWriter.Write(ladder, $"{worker.RunId}/", options.Value.AudioKbps), PlaylistType);
    }

    private static async Task<IResult> MediaPlaylistAsync(string room, string run, string rung, HttpContext http, HlsRooms rooms, IOptions<HlsOptions> options)
    {
        Cors(http);
        if (rooms.Watch(room, ClientOf(http)) is not { } worker) return Off(http, rooms);
        if (worker.RunId != run) return Gone(http);
        var o = options.Value;
        if (await worker.WaitForLadderAsync(o.RequestWait, http.RequestAborted) is null || worker.Packager(rung) is not { } packager)
            return worker.Packager(rung) is null && worker.Packagers.Count > 0 ? Results.NotFound() : NotYet(http, "the class has no video yet");

        var query = http.Request.Query;
        string playlist;
        if (long.TryParse(query["_HLS_msn"], out long msn))
        {
            if (packager.IsTooFarAhead(msn)) return Results.BadRequest("_HLS_msn is more than two segments ahead of the live edge");
            int part = int.TryParse(query["_HLS_part"], out int p) ? p : -1;
            // The RFC asks the server to hold the request up to three target durations.
            playlist = await packager.WaitForPlaylistAsync(msn, part, TimeSpan.FromSeconds(3 * Math.Max(1, o.SegmentSeconds)), http.RequestAborted);
        }
        else
        {
            var deadline = DateTime.UtcNow + o.RequestWait;
            while (!packager.HasMedia && !packager.Ended && DateTime.UtcNow < deadline) await Task.Delay(100, http.RequestAborted);
            if (!packager.HasMedia && !packager.Ended) return NotYet(http, "the first segment is not ready yet");
            playlist = packager.Playlist;
        }
        http.Response.Headers.CacheControl = packager.Ended ? EndedPlaylistCache : PlaylistCache;
        return Results.Text(playlist, PlaylistType);
    }

    private static async Task<IResult> MediaFileAsync(string room, string run, string rung, string file, HttpContext http, HlsRooms rooms, IOptions<HlsOptions> options)
    {
        Cors(http);
        if (!rooms.Availability.IsOn) return Off(http, rooms);
        if (!MediaFile().IsMatch(file)) return Results.NotFound();
        if (rooms.Find(room) is not { } worker || worker.RunId != run) return Gone(http);
        if (worker.Packager(rung) is not { } packager) return Results.NotFound();
        string path = Path.Combine(packager.Directory, file);
        // A preload hint names the next part before it exists: hold the request until ffmpeg delivers it.
        if (!File.Exists(path) && file.StartsWith('p'))
            path = await packager.WaitForFileAsync(file, TimeSpan.FromSeconds(3 * Math.Max(1, options.Value.SegmentSeconds)), http.RequestAborted) ?? path;
        if (!File.Exists(path)) return Results.NotFound();
        http.Response.Headers.CacheControl = MediaCache;
        return Results.File(path, Mp4Type);
    }

    /// <summary>The room's latest kept replay (a VOD multivariant playlist); 404 saying so when there is none.</summary>
    private static IResult ReplayPlaylist(string room, HttpContext http, HlsRooms rooms)
    {
        Cors(http);
        if (!rooms.Availability.IsOn) return Off(http, rooms);
        if (rooms.Replays.Latest(room) is not { } replay)
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text("no replay of this class is kept (it has not ended, or replays are off: RtcLive:Hls:Replay)", "text/plain",
                statusCode: StatusCodes.Status404NotFound);
        }
        // Short-lived: a later run of the same room replaces it.
        http.Response.Headers.CacheControl = EndedPlaylistCache;
        return Results.Text(replay.Playlist, PlaylistType);
    }

    private static IResult ReplayFile(string room, string run, string rung, string file, HttpContext http, HlsRooms rooms)
    {
        Cors(http);
        if (!rooms.Availability.IsOn) return Off(http, rooms);
        if (rooms.Replays.PathOf(room, run, rung, file) is not { } path) return Results.NotFound();
        http.Response.Headers.CacheControl = MediaCache; // a replay never changes
        return Results.File(path, file.EndsWith(".m3u8", StringComparison.Ordinal) ? PlaylistType : Mp4Type);
    }

    private static string ClientOf(HttpContext http) => $"{http.Connection.RemoteIpAddress}|{http.Request.Headers.UserAgent}";

    private static void Cors(HttpContext http) => http.Response.Headers.AccessControlAllowOrigin = "*";

    private static IResult Off(HttpContext http, HlsRooms rooms)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (rooms.Availability.IsOn) http.Response.Headers.RetryAfter = "10";
        return Results.Text(rooms.Availability.OffReason ?? rooms.FullReason, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult NotYet(HttpContext http, string why)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.RetryAfter = "2";
        return Results.Text(why, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Gone(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text("this HLS run is over: load index.m3u8 again", "text/plain", statusCode: StatusCodes.Status404NotFound);
    }

    [GeneratedRegex(@"^(init-\d{1,6}\.mp4|s\d{1,12}\.m4s|p\d{1,12}\.\d{1,4}\.m4s)$")]
    private static partial Regex MediaFile();
}
