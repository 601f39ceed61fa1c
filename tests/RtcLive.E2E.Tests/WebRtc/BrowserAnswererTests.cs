using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using RtcLive.E2E.Tests.Browser;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Transport;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.WebRtc;

/// <summary>
/// Our headless <see cref="ClientPeer"/> offers, headless Chromium answers: the client is the controlling full
/// ICE agent against Chromium's full agent, DTLS server to Chromium's client (it answers <c>a=setup:active</c>),
/// and it echoes Chromium's camera and microphone back on the same transceivers under the SSRCs it offered.
/// Chromium decoding that video proves the client's SDP, ICE, DTLS and SRTP against a real browser.
/// </summary>
public sealed class BrowserAnswererTests(ChromiumHost chromium, ITestOutputHelper output) : IClassFixture<ChromiumHost>
{
    [Fact]
    public async Task Chromium_answers_the_client_peer_and_decodes_its_own_media_echoed_by_it()
    {
        await DtlsWarmup.RunAsync();
        using var client = new ClientPeer();
        string offer = client.CreateOffer(new ClientTransceiver(MediaKind.Video), new ClientTransceiver(MediaKind.Audio));

        var page = await chromium.NewBlankPageAsync();
        string answer = await page.EvaluateAsync<string>("""
            async (offer) => {
              const pc = new RTCPeerConnection();
              window.pc = pc;
              await pc.setRemoteDescription({ type: 'offer', sdp: offer });
              const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
              for (const transceiver of pc.getTransceivers()) {
                const track = media.getTracks().find(t => t.kind === transceiver.receiver.track.kind);
                await transceiver.sender.replaceTrack(track);
                transceiver.direction = 'sendrecv';
              }
              await pc.setLocalDescription(await pc.createAnswer());
              // Wait for every candidate to be in the answer: the client takes no trickled ones here.
              await new Promise(resolve => {
                if (pc.iceGatheringState === 'complete') return resolve();
                pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
                setTimeout(resolve, 5000);
              });
              return pc.localDescription.sdp;
            }
            """, offer);
        output.WriteLine(answer);

        client.SetRemoteAnswer(answer);
        var echo = new ChromiumEcho(client);
        client.Receiver = echo;
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(DtlsRole.Server, client.DtlsRole);

        var stats = await BrowserEchoTests.WaitForStatsAsync(page, s => s.VideoFramesDecoded > 10 && s.AudioPacketsReceived > 20, TimeSpan.FromSeconds(15));
        output.WriteLine(JsonSerializer.Serialize(stats));
        output.WriteLine($"client: echoed {echo.EchoedPackets}, unrouted {echo.UnroutedPackets}, feedback forwarded {echo.ForwardedFeedback}; " +
            $"SRTP {client.SrtpProfile}, DTLS handshake {client.HandshakeDuration?.TotalMilliseconds:F0} ms, via {client.RemoteEndPoint}");

        Assert.True(stats.VideoFramesDecoded > 10, $"video frames decoded: {stats.VideoFramesDecoded}");
        Assert.True(stats.AudioPacketsReceived > 20, $"audio packets received: {stats.AudioPacketsReceived}");
        Assert.Contains((long)client.FindMedia("0")!.LocalSsrc!.Value, stats.InboundSsrcs);
        Assert.Contains((long)client.FindMedia("1")!.LocalSsrc!.Value, stats.InboundSsrcs);
        Assert.Equal(client.SrtpProfile switch
        {
            SrtpProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
            SrtpProfile.AesCm128HmacSha1_80 => "AES_CM_128_HMAC_SHA1_80",
            var other => $"unexpected {other}",
        }, stats.SrtpCipher);
        Assert.True(echo.ForwardedFeedback > 0, "Chromium's keyframe request never came through the client");
        Assert.Equal(0, client.UnprotectFailures);
    }

    /// <summary>
    /// Sends every RTP packet Chromium sends on a transceiver back on the same transceiver under the SSRC the
    /// client offered for it (its rtx SSRC for retransmissions), and turns keyframe requests and NACKs about
    /// those SSRCs round into the same feedback about Chromium's, as the echo endpoint does. The first video
    /// packets are held back so that the keyframe Chromium decodes is one it sent because we forwarded its PLI.
    /// Runs on the client's receive thread.
    /// </summary>
    private sealed class ChromiumEcho : IMediaReceiver
    {
        private const int HeldBackVideoPackets = 30;

        private readonly ClientPeer _client;
        private readonly List<Route> _routes = [];
        private readonly byte _midExtensionId;
        private readonly byte[] _rtcp = new byte[1500];
        private long _echoed;
        private long _unrouted;
        private long _feedback;

        public ChromiumEcho(ClientPeer client)
        {
            _client = client;
            foreach (var media in client.Media)
            {
                _routes.Add(new Route(media.Mid, media.Kind, media.LocalSsrc!.Value, media.LocalRtxSsrc, media.RtxPayloadType));
                _midExtensionId = media.MidExtensionId;
            }
        }

        public long EchoedPackets => Interlocked.Read(ref _echoed);

        public long UnroutedPackets => Interlocked.Read(ref _unrouted);

        public long ForwardedFeedback => Interlocked.Read(ref _feedback);

        public void OnRtp(Span<byte> packet)
        {
            if (!RtpHeader.TryParse(packet, out var header) || FindRoute(header) is not { } route)
            {
                _unrouted++;
                return;
            }
            // Hold back Chromium's first video packets (its opening keyframe among them), so that what it receives
            // starts mid-stream and it has to ask for a keyframe: the PLI has to make the round trip through us.
            if (route.Kind == MediaKind.Video && ++route.Seen <= HeldBackVideoPackets)
                return;
            bool retransmission = header.PayloadType == route.RtxPayloadType;
            if (retransmission) route.InRtxSsrc ??= header.Ssrc;
            uint? outSsrc = retransmission ? route.OutRtxSsrc : route.OutSsrc;
            if (outSsrc is null)
            {
                _unrouted++;
                return;
            }
            RtpHeaderWriter.SetSsrc(packet, outSsrc.Value);
            if (_client.SendRtp(packet)) _echoed++;
        }

        private Route? FindRoute(in RtpHeader header)
        {
            foreach (var route in _routes)
                if (route.InSsrc == header.Ssrc || route.InRtxSsrc == header.Ssrc) return route;
            if (!header.TryGetExtension(_midExtensionId, out var mid)) return null;
            foreach (var route in _routes)
            {
                if (!mid.SequenceEqual(route.MidBytes)) continue;
                if (header.PayloadType != route.RtxPayloadType) route.InSsrc ??= header.Ssrc;
                return route;
            }
            return null;
        }

        public void OnRtcp(Span<byte> packet)
        {
            var reader = new RtcpCompoundReader(packet);
            while (reader.MoveNext())
            {
                var rtcp = reader.Current;
                if (PictureLossIndication.TryParse(rtcp, out var pli))
                {
                    if (SourceOf(pli.MediaSsrc) is { } source
                        && _client.SendRtcp(_rtcp.AsSpan(0, PictureLossIndication.Write(_rtcp, pli.SenderSsrc, source))))
                        _feedback++;
                }
                else if (GenericNack.TryParse(rtcp, out var nack) && SourceOf(nack.MediaSsrc) is { } source && rtcp.Packet.Length <= _rtcp.Length)
                {
                    // Same lost sequence numbers (the echo keeps them), other media SSRC.
                    rtcp.Packet.CopyTo(_rtcp);
                    BinaryPrimitives.WriteUInt32BigEndian(_rtcp.AsSpan(8), source);
                    if (_client.SendRtcp(_rtcp.AsSpan(0, rtcp.Packet.Length))) _feedback++;
                }
            }
        }

        private uint? SourceOf(uint ourSsrc)
        {
            foreach (var route in _routes)
                if (route.OutSsrc == ourSsrc) return route.InSsrc;
            return null;
        }

        private sealed class Route(string mid, MediaKind kind, uint outSsrc, uint? outRtxSsrc, byte? rtxPayloadType)
        {
            public byte[] MidBytes { get; } = Encoding.ASCII.GetBytes(mid);
            public MediaKind Kind { get; } = kind;
            public uint OutSsrc { get; } = outSsrc;
            public uint? OutRtxSsrc { get; } = outRtxSsrc;
            public byte? RtxPayloadType { get; } = rtxPayloadType;

            /// <summary>Chromium's SSRCs for this transceiver, learned from the first packets naming its mid.</summary>
            public uint? InSsrc { get; set; }
            public uint? InRtxSsrc { get; set; }

            public int Seen { get; set; }
        }
    }
}
