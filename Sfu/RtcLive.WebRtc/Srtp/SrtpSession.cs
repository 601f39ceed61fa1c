namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// Both directions of one DTLS-SRTP association: <see cref="Outbound"/> protects what we send with our half of the
/// exported keys, <see cref="Inbound"/> unprotects what the peer sends with its half (RFC 5764 §4.2).
/// </summary>
/// <remarks>
/// The two contexts share no mutable state: the receive thread may unprotect while a sending thread protects.
/// Each context on its own is single-threaded (see <see cref="SrtpContext"/>).
/// </remarks>
public sealed class SrtpSession : IDisposable
{
    private SrtpSession(SrtpProfile profile, SrtpContext inbound, SrtpContext outbound)
    {
        Profile = profile;
        Inbound = inbound;
        Outbound = outbound;
    }

    /// <param name="keys">The keying material exported after the handshake.</param>
    /// <param name="isDtlsClient">True when this side was the DTLS client (it then sends with the client key).</param>
    /// <param name="maxStreamsPerDirection">Bound on SSRCs per direction (see <see cref="SrtpContext.DefaultMaxStreams"/>).</param>
    public static SrtpSession Create(SrtpKeyingMaterial keys, bool isDtlsClient, int maxStreamsPerDirection = SrtpContext.DefaultMaxStreams)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var (localKey, localSalt) = keys.LocalKeys(isDtlsClient);
        var (remoteKey, remoteSalt) = keys.RemoteKeys(isDtlsClient);
        SrtpContext outbound = SrtpContext.Create(keys.Profile, localKey, localSalt, maxStreamsPerDirection);
        try
        {
            SrtpContext inbound = SrtpContext.Create(keys.Profile, remoteKey, remoteSalt, maxStreamsPerDirection);
            return new SrtpSession(keys.Profile, inbound, outbound);
        }
        catch
        {
            outbound.Dispose();
            throw;
        }
    }

    public SrtpProfile Profile { get; }

    /// <summary>Unprotects the peer's SRTP/SRTCP.</summary>
    public SrtpContext Inbound { get; }

    /// <summary>Protects our RTP/RTCP.</summary>
    public SrtpContext Outbound { get; }

    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength) =>
        Outbound.TryProtectRtp(buffer, length, out protectedLength);

    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        Outbound.TryProtectRtcp(buffer, length, out protectedLength);

    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength) =>
        Inbound.TryUnprotectRtp(packet, out plainLength);

    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength) =>
        Inbound.TryUnprotectRtcp(packet, out plainLength);

    public void Dispose()
    {
        Inbound.Dispose();
        Outbound.Dispose();
    }
}
