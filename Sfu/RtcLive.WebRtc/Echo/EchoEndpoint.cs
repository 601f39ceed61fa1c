using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Echo;

/// <summary>
/// A loopback diagnostic built on the stack: a peer offers send and receive m-lines, and everything it sends
/// comes back to it, decrypted and re-encrypted under new SSRCs. A send-only m-line is paired with the next
/// receive-only m-line of the same kind; a sendrecv m-line echoes onto itself. It proves ICE-lite, DTLS-SRTP,
/// SRTP both ways and RTP/RTCP handling against a real browser without any SFU logic in the way.
/// </summary>
public sealed class EchoEndpoint : IDisposable
{
    private readonly UdpMux _mux;
    private readonly DtlsCertificate _certificate;
    private readonly IPAddress _announced;
    private readonly WebRtcTransportOptions _transportOptions;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<EchoSession, byte> _sessions = new();
    private readonly int _maxSessions;

    public EchoEndpoint(UdpMux mux, DtlsCertificate certificate, IPAddress? announcedAddress = null,
        WebRtcTransportOptions? transportOptions = null, int maxSessions = 16, ILogger? logger = null)
    {
        _mux = mux;
        _certificate = certificate;
        _announced = announcedAddress ?? mux.LocalEndPoint.Address;
        _transportOptions = transportOptions ?? new WebRtcTransportOptions();
        _maxSessions = maxSessions;
        _logger = logger ?? NullLogger.Instance;
    }

    public int ActiveSessions => _sessions.Count;

    /// <summary>Answers <paramref name="offerSdp"/> and starts echoing to that peer.</summary>
    /// <exception cref="SdpParseException">The offer is not valid SDP.</exception>
    /// <exception cref="EchoOfferException">The offer cannot be echoed, or the endpoint is full.</exception>
    public EchoSession Accept(string offerSdp, out string answerSdp)
    {
        if (_sessions.Count >= _maxSessions)
            throw new EchoOfferException($"the echo endpoint already serves {_maxSessions} peers");

        var offer = SdpParser.Parse(offerSdp);
        RemoteTransportIdentity remote;
        try
        {
            remote = RemoteTransportIdentity.Read(offer);
        }
        catch (SdpNegotiationException ex)
        {
            throw new EchoOfferException(ex.Message);
        }

        var routes = PairRoutes(offer);
        if (routes.Count == 0)
            throw new EchoOfferException("nothing to echo: offer a send m-line and a receive m-line of the same kind (or sendrecv)");

        var localIce = IceCredentials.Generate();
        var candidate = IceCandidate.Host(_announced.ToString(), _mux.LocalEndPoint.Port);
        var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials(localIce.Ufrag, localIce.Password),
            Fingerprint = SdpFingerprint.Parse(_certificate.Fingerprint),
            Candidates = [candidate.AttributeValue],
            AudioCodecs = [CodecCapability.Opus],
            VideoCodecs = [new CodecCapability("VP8", 90000)],
            OnlyPreferredCodec = true,
            AcceptSimulcast = false,
            HeaderExtensions = [HeaderExtensionUris.SdesMid, HeaderExtensionUris.AbsSendTime, HeaderExtensionUris.AudioLevel],
            ChooseMedia = media => ChooseMedia(media, routes),
        });

        byte midId = 0;
        foreach (var media in answer.Media)
        {
            if (!media.IsRejected && answer.FindExtensionId(media, HeaderExtensionUris.SdesMid) is { } id)
            {
                midId = (byte)id;
                break;
            }
        }

        var transport = new WebRtcTransport(_mux, _certificate, localIce, remote.Ice.Ufrag, remote.Fingerprint, _transportOptions, _logger);
        var session = new EchoSession(transport, routes, midId);
        _sessions[session] = 0;
        transport.Ended += (_, _, reason) =>
        {
            _sessions.TryRemove(session, out _);
            _logger.LogInformation("echo peer left: {Reason}; echoed {Packets} packets", reason, session.EchoedPackets);
        };
        answerSdp = answer.ToString();
        return session;
    }

    private static List<EchoRoute> PairRoutes(SessionDescription offer)
    {
        var routes = new List<EchoRoute>();
        var usedSinks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in offer.Media)
        {
            if (source.IsRejected || !source.IsRtp || source.Mid is null) continue;
            var direction = offer.GetDirection(source);
            if (direction == MediaDirection.SendRecv)
            {
                routes.Add(new EchoRoute(source.Mid, source.Mid, NewSsrc()));
                usedSinks.Add(source.Mid);
                continue;
            }
            if (direction != MediaDirection.SendOnly) continue;
            var sink = offer.Media.Find(m => !m.IsRejected && m.Mid is not null && m.Kind == source.Kind
                && offer.GetDirection(m) == MediaDirection.RecvOnly && !usedSinks.Contains(m.Mid));
            if (sink is null) continue;
            usedSinks.Add(sink.Mid!);
            routes.Add(new EchoRoute(source.Mid, sink.Mid!, NewSsrc()));
        }
        return routes;
    }

    private static AnswerMediaChoice ChooseMedia(MediaDescription media, List<EchoRoute> routes)
    {
        var route = routes.Find(r => r.SinkMid == media.Mid);
        bool isSource = routes.Exists(r => r.SourceMid == media.Mid);
        if (route is null && !isSource) return AnswerMediaChoice.Reject("not paired for echo");
        return new AnswerMediaChoice
        {
            Direction = route is not null && isSource ? MediaDirection.SendRecv
                : route is not null ? MediaDirection.SendOnly : MediaDirection.RecvOnly,
            SendTrack = route is null ? null : new LocalTrack("rtclive-echo", $"echo-{route.SinkMid}", "rtclive-echo", route.OutSsrc),
        };
    }

    private static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    public void Dispose()
    {
        foreach (var session in _sessions.Keys) session.Transport.Dispose();
        _sessions.Clear();
    }
}
