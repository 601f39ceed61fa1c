using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Dtls;

/// <summary>Tuning of a <see cref="DtlsTransport"/>; the defaults are what worked against Chrome on this stack.</summary>
public sealed class DtlsTransportOptions
{
    /// <summary>The options used when none are given.</summary>
    public static DtlsTransportOptions Default { get; } = new();

    /// <summary>
    /// Gives up a handshake that has not completed by then. BouncyCastle's own default is never, which would leave a
    /// thread blocked forever on a peer that vanished.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// First retransmission delay of a handshake flight, doubled on each retry. RFC 6347 suggests 1 s; on the
    /// low-latency paths WebRTC runs over, 200 ms recovers a lost flight much sooner at negligible extra traffic.
    /// </summary>
    public TimeSpan InitialRetransmitInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// SRTP profiles in order of preference: offered in this order as client, and as server the first of them that
    /// the client offers is chosen. AEAD GCM first: one pass instead of AES-CM plus HMAC, and a shorter key schedule.
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80];

    /// <summary>The cap on concurrent handshakes this transport counts against.</summary>
    public DtlsHandshakeLimiter Limiter { get; init; } = DtlsHandshakeLimiter.Shared;
}
