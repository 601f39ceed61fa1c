using System.Buffers.Binary;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// SRTP and SRTCP (RFC 3711, RFC 7714) for one direction of one DTLS association: every SSRC that direction
/// carries shares the master key, and each gets its own ROC and replay window, created on first sight.
/// All operations work in place on caller buffers and allocate nothing per packet (a new SSRC allocates its state once).
/// </summary>
/// <remarks>
/// <para>Direction: a context either protects (our outbound media) or unprotects (the peer's media), never both;
/// <see cref="SrtpSession"/> pairs the two.</para>
/// <para>Thread-safety: none inside. Unprotect is meant to be called from the one receive thread of the
/// transport, protect from one sending thread at a time; the two contexts of a session share no mutable state,
/// so the receive and send threads need no coordination. Calls on one context must not overlap.</para>
/// <para>Streams: at most <see cref="MaxStreams"/> SSRCs (default <see cref="DefaultMaxStreams"/>); packets of a further
/// SSRC are refused (counted in <see cref="StreamsRefused"/>) until <see cref="RemoveStream"/> frees a slot.
/// Inbound, a stream is only created once a packet of it has been authenticated, so forged SSRCs cannot fill the table.</para>
/// <para>Inbound packets go through RFC 3711 order: index estimation (Appendix A, rollover both ways), replay check
/// against a 1,024-packet window (<see cref="SrtpReplayWindow"/>), tag verification, and only then decryption and
/// the update of ROC and window.</para>
/// <para>Bad input never throws: every Try method returns false for malformed, forged, replayed or oversized input.</para>
/// </remarks>
public sealed class SrtpContext : IDisposable
{
    /// <summary>Default bound on the SSRCs of one context: far more than audio + simulcast layers + RTX need.</summary>
    public const int DefaultMaxStreams = 64;

    /// <summary>Longest packet (plain or protected) accepted; no UDP datagram is longer.</summary>
    public const int MaxPacketLength = 65535;

    private readonly SrtpCipher _cipher;
    private readonly SrtpStreamTable _streams;
    private uint _nextSrtcpIndex;
    private bool _disposed;

    private SrtpContext(SrtpCipher cipher, int maxStreams)
    {
        _cipher = cipher;
        _streams = new SrtpStreamTable(maxStreams);
    }

    /// <summary>Derives the session keys from a master key and salt (RFC 3711 §4.3) and creates the context.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported profile, or <paramref name="maxStreams"/> below 1.</exception>
    /// <exception cref="ArgumentException">Key or salt of the wrong length for the profile.</exception>
    public static SrtpContext Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt,
        int maxStreams = DefaultMaxStreams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        var (rtp, rtcp) = SrtpKeyDerivation.DeriveSessionKeys(profile, masterKey, masterSalt);
        return new SrtpContext(SrtpCipher.Create(profile, rtp, rtcp), maxStreams);
    }

    /// <summary>Creates a context from already derived session keys (test vectors are stated that way).</summary>
    internal static SrtpContext FromSessionKeys(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp,
        int maxStreams = DefaultMaxStreams) => new(SrtpCipher.Create(profile, rtp, rtcp), maxStreams);

    /// <summary>Wraps a cipher built by a test (for example one forced onto the portable AES path).</summary>
    internal static SrtpContext FromCipher(SrtpCipher cipher, int maxStreams = DefaultMaxStreams) => new(cipher, maxStreams);

    public SrtpProfile Profile => _cipher.Profile;

    /// <summary>Bytes <see cref="TryProtectRtp"/> appends: the buffer must have this much room after the packet.</summary>
    public int RtpOverhead => _cipher.TagLength;

    /// <summary>Bytes <see cref="TryProtectRtcp"/> appends (E flag + index word and tag).</summary>
    public int RtcpOverhead => _cipher.SrtcpTrailerLength;

    /// <summary>The bound on distinct SSRCs.</summary>
    public int MaxStreams => _streams.Capacity;

    /// <summary>SSRCs currently tracked.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>Packets rejected because their tag did not verify.</summary>
    public long AuthenticationFailures { get; private set; }

    /// <summary>Packets rejected as replays or as older than the replay window.</summary>
    public long ReplaysRejected { get; private set; }

    /// <summary>Packets rejected before any cryptography: too short, bad version, header longer than the packet, no room for the tag.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>Packets rejected because their SSRC was new and the stream table was full, or their index could not be formed.</summary>
    public long StreamsRefused { get; private set; }

    /// <summary>
    /// Encrypts and tags the RTP packet in <c>buffer[..length)</c> in place; the tag goes right after it, so
    /// <paramref name="buffer"/> needs <see cref="RtpOverhead"/> spare bytes.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (_disposed)
            return false;
        if ((uint)length > (uint)buffer.Length || buffer.Length - length < _cipher.TagLength
            || length > MaxPacketLength
            || !SrtpRtpHeader.TryGetLength(buffer.Slice(0, length), out int headerLength))
        {
            MalformedPackets++;
            return false;
        }

        uint ssrc = SrtpRtpHeader.Ssrc(buffer);
        ushort seq = SrtpRtpHeader.SequenceNumber(buffer);
        SrtpStream? stream = _streams.Find(ssrc) ?? _streams.TryAdd(ssrc);
        if (stream is null || !TryIndex(stream.Rtp, seq, out ulong index))
        {
            StreamsRefused++;
            return false;
        }

        _cipher.ProtectRtp(buffer, headerLength, length - headerLength, ssrc, index);
        // The sender's window only tracks its highest index (and so its ROC); nothing is checked against it.
        stream.Rtp.Accept(index);
        protectedLength = length + _cipher.TagLength;
        return true;
    }

    /// <summary>
    /// Verifies the SRTP packet that fills <paramref name="packet"/>, rejects replays, then decrypts it in place.
    /// On success the RTP packet is <c>packet[..plainLength)</c>. On failure the packet's bytes are unspecified.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (_disposed)
            return false;
        int tag = _cipher.TagLength;
        if (packet.Length < SrtpRtpHeader.FixedLength + tag || packet.Length > MaxPacketLength
            || !SrtpRtpHeader.TryGetLength(packet.Slice(0, packet.Length - tag), out int headerLength))
        {
            MalformedPackets++;
            return false;
        }

        int length = packet.Length - tag;
        uint ssrc = SrtpRtpHeader.Ssrc(packet);
        ushort seq = SrtpRtpHeader.SequenceNumber(packet);
        SrtpStream? stream = _streams.Find(ssrc);
        if (stream is null && _streams.IsFull)
        {
            StreamsRefused++;
            return false;
        }

        ulong index = seq;
        if (stream is not null)
        {
            if (!TryIndex(stream.Rtp, seq, out index))
            {
                StreamsRefused++;
                return false;
            }
            if (stream.Rtp.IsReplay(index))
            {
                ReplaysRejected++;
                return false;
            }
        }

        if (!_cipher.UnprotectRtp(packet, headerLength, length - headerLength, ssrc, index))
        {
            AuthenticationFailures++;
            return false;
        }

        // Only an authenticated packet moves the ROC and the window (RFC 3711 §3.3.1).
        (stream ?? _streams.TryAdd(ssrc)!).Rtp.Accept(index);
        plainLength = length;
        return true;
    }

    /// <summary>
    /// Encrypts everything after the first 8 bytes of the RTCP packet (or compound packet) in <c>buffer[..length)</c>
    /// and appends the E flag, the 31-bit SRTCP index and the tag; <paramref name="buffer"/> needs
    /// <see cref="RtcpOverhead"/> spare bytes. An 8-byte packet (empty receiver report) is fine.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (_disposed)
            return false;
        if (length < SrtpCipher.RtcpHeaderLength || length > buffer.Length || buffer.Length - length < _cipher.SrtcpTrailerLength
            || length > MaxPacketLength || buffer[0] >> 6 != 2)
        {
            MalformedPackets++;
            return false;
        }
        if (_nextSrtcpIndex > SrtpCipher.MaxSrtcpIndex)
        {
            // 2^31 packets under one key: RFC 3711 §9.2 forbids wrapping; the association must be re-keyed.
            StreamsRefused++;
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(4));
        protectedLength = _cipher.ProtectRtcp(buffer, length, ssrc, _nextSrtcpIndex);
        _nextSrtcpIndex++;
        return true;
    }

    /// <summary>
    /// Verifies the SRTCP packet that fills <paramref name="packet"/>, rejects replays, then decrypts it in place
    /// (when its E flag is set). On success the RTCP is <c>packet[..plainLength)</c>.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (_disposed)
            return false;
        int trailer = _cipher.SrtcpTrailerLength;
        if (packet.Length < SrtpCipher.RtcpHeaderLength + trailer || packet.Length > MaxPacketLength
            || packet[0] >> 6 != 2)
        {
            MalformedPackets++;
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(_cipher.SrtcpIndexOffset(packet.Length)));
        uint index = indexWord & SrtpCipher.MaxSrtcpIndex;
        SrtpStream? stream = _streams.Find(ssrc);
        if (stream is null && _streams.IsFull)
        {
            StreamsRefused++;
            return false;
        }
        if (stream is not null && stream.Rtcp.IsReplay(index))
        {
            ReplaysRejected++;
            return false;
        }

        if (!_cipher.UnprotectRtcp(packet, ssrc, indexWord))
        {
            AuthenticationFailures++;
            return false;
        }

        (stream ?? _streams.TryAdd(ssrc)!).Rtcp.Accept(index);
        plainLength = packet.Length - trailer;
        return true;
    }

    /// <summary>
    /// Forgets an SSRC (its ROC and replay windows), for example after an RTCP BYE, freeing its slot. Should the
    /// SSRC reappear it starts afresh with ROC 0, so remove inbound streams only once they have really ended.
    /// </summary>
    public bool RemoveStream(uint ssrc) => _streams.Remove(ssrc);

    /// <summary>The SRTP packet index (ROC·2^16 + SEQ) last accepted for an SSRC, for diagnostics and tests.</summary>
    public bool TryGetHighestIndex(uint ssrc, out ulong index)
    {
        SrtpStream? stream = _streams.Find(ssrc);
        index = stream?.Rtp.Highest ?? 0;
        return stream is not null && stream.Rtp.Started;
    }

    private static bool TryIndex(SrtpReplayWindow window, ushort seq, out ulong index)
    {
        if (!window.Started)
        {
            // First packet of the stream: ROC 0 and this sequence number is the starting point (RFC 3711 §3.3.1).
            index = seq;
            return true;
        }
        return SrtpPacketIndex.TryEstimate(window.Highest, seq, out index);
    }

    /// <summary>Wipes the keys. Dispose once the threads using the context are done; later calls return false.</summary>
    public void Dispose()
    {
        _disposed = true;
        _cipher.Dispose();
    }
}
