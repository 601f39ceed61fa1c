namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=fingerprint</c> attribute (RFC 8122): the hash function and the colon-separated hex digest of the
/// sender's DTLS certificate, kept as the text the peer wrote. <see cref="ToString"/> gives the attribute value,
/// the form the DTLS layer's fingerprint parser reads.
/// </summary>
public sealed record SdpFingerprint(string HashFunction, string Value)
{
    public override string ToString() => $"{HashFunction} {Value}";

    /// <summary>Splits the attribute value form, <c>sha-256 AB:CD:…</c>, as a DTLS certificate reports its fingerprint.</summary>
    /// <exception cref="FormatException">No space between hash function and value.</exception>
    public static SdpFingerprint Parse(string text)
    {
        int space = text.IndexOf(' ');
        if (space <= 0 || space == text.Length - 1) throw new FormatException($"not a fingerprint: '{text}'");
        return new SdpFingerprint(text[..space], text[(space + 1)..]);
    }
}
