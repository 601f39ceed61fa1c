namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=fingerprint</c> attribute (RFC 8122): the hash function and the colon-separated hex digest of the
/// sender's DTLS certificate, kept as the text the peer wrote. <see cref="ToString"/> gives the attribute value,
/// the form the DTLS layer's fingerprint parser reads.
/// </summary>
public sealed record SdpFingerprint(string HashFunction, string Value)
{
    public override string ToString() => $"{HashFunction} {Value}";
}
