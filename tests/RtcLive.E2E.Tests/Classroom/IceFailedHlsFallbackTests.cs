using System.Net;
using System.Net.Sockets;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// A viewer behind a network that lets HTTP through but drops the media, UDP and the ICE-TCP port alike: the page
/// joins over WebRTC as usual, its ICE checks go into a black hole (the SFU's UDP host candidate is pointed at a UDP
/// socket that never answers, and its TCP candidate removed, as a firewall dropping the packets would), and within
/// a few seconds the page watches the class over HLS on its own, still in the class (listed, chatting).
/// </summary>
public sealed class IceFailedHlsFallbackTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    [Fact]
    public async Task A_viewer_whose_ice_never_connects_watches_over_hls_instead()
    {
        const string room = "ice-fallback";
        var lead = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "teacher", "moderator", "&probe=1");
        Assert.Equal("connected", await lead.WaitForStateAsync("connected", TimeSpan.FromSeconds(20)));
        await lead.WaitForStatsAsync(s => s.FramesSent > 30, TimeSpan.FromSeconds(20));

        using var blackHole = new BlackHole();
        // Every UDP host candidate the page is given (the SFU node's) names the black hole's port instead; the
        // ICE-TCP candidate is blocked too (gone from the SDP, as if its port were firewalled).
        string dropMedia = $$"""
            (() => {
              const set = RTCPeerConnection.prototype.setRemoteDescription;
              RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
                if (description && description.sdp)
                  description = { type: description.type, sdp: description.sdp
                    .replace(/(a=candidate:\S+ \d+ udp \d+ \S+ )\d+( typ host)/gi, '$1{{blackHole.Port}}$2')
                    .replace(/a=candidate:\S+ \d+ tcp [^\r\n]*\r\n/gi, '') };
                return set.call(this, description, ...rest);
              };
            })();
            """;
        var viewer = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "student", "viewer", initScript: dropMedia);

        // WebRTC first (the page joined the hub and tried ICE), then HLS on its own.
        var stats = await viewer.WaitForStatsAsync(s => s.Node == "hls" && s.FramesDecoded > 30, TimeSpan.FromSeconds(60));
        string message = await viewer.MessageAsync();
        output.WriteLine($"viewer: {stats}; message: {message}; ICE checks lost in the black hole: {blackHole.Received}");
        Assert.Equal("hls", stats.Node);
        Assert.True(blackHole.Received > 0, "the page never tried WebRTC (no ICE check reached the black hole)");
        Assert.Contains("WebRTC could not connect", message);
        Assert.Equal("connected", await viewer.StateAsync());

        // It is still in the class: listed by the lead as watching over HLS, and its chat arrives.
        var listed = await ClassroomPage.WaitForAsync(lead.ParticipantsAsync, ps => ps.Any(p => p.Name == "student" && p.Hls), TimeSpan.FromSeconds(20));
        Assert.Contains(listed, p => p is { Name: "student", Role: "viewer", Hls: true });
        await viewer.CallAsync("chat", "my network blocks WebRTC");
        var chat = await ClassroomPage.WaitForAsync(lead.MessagesAsync, ms => ms.Any(m => m.Text == "my network blocks WebRTC"), TimeSpan.FromSeconds(20));
        Assert.Contains(chat, m => m is { From: "student", Text: "my network blocks WebRTC" });

        // And it plays on: frames keep coming over HLS.
        long before = stats.FramesDecoded;
        var later = await viewer.WaitForStatsAsync(s => s.FramesDecoded > before + 60, TimeSpan.FromSeconds(20));
        Assert.True(later.FramesDecoded > before + 60, $"HLS playback did not go on ({later})");
    }

    /// <summary>A UDP port that takes every datagram and answers none.</summary>
    private sealed class BlackHole : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private long _received;

        public BlackHole() => _ = DrainAsync();

        public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

        public long Received => Interlocked.Read(ref _received);

        private async Task DrainAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await _socket.ReceiveAsync(_stop.Token);
                    Interlocked.Increment(ref _received);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
        }
    }
}
