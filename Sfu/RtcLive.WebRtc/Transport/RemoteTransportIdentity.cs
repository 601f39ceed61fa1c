using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// What the server side needs to know of a peer from its SDP before any packet: the ICE username fragment its
/// checks carry and the DTLS fingerprint its certificate must match. Everything is bundled, so the first RTP
/// m-line speaks for all.
/// </summary>
public sealed record RemoteTransportIdentity(SdpIceCredentials Ice, DtlsFingerprint Fingerprint)
{
    /// <exception cref="SdpNegotiationException">No RTP m-line, no ICE credentials or no usable fingerprint.</exception>
    public static RemoteTransportIdentity Read(SessionDescription description)
    {
        var media = description.Media.Find(m => !m.IsRejected && m.IsRtp)
            ?? throw new SdpNegotiationException("the description has no RTP m-line");
        var ice = description.GetIceCredentials(media) ?? throw new SdpNegotiationException("the description has no ICE credentials");
        var fingerprint = FindFingerprint(description, media)
            ?? throw new SdpNegotiationException("the description has no usable DTLS fingerprint");
        return new RemoteTransportIdentity(ice, fingerprint);
    }

    /// <summary>The first fingerprint of <paramref name="media"/> (or the session) in a hash function we support.</summary>
    public static DtlsFingerprint? FindFingerprint(SessionDescription description, MediaDescription media)
    {
        foreach (var candidate in description.GetFingerprints(media))
            if (DtlsFingerprint.TryParse(candidate.ToString(), out var fingerprint)) return fingerprint;
        return null;
    }
}
