using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// A validated view of an RTP packet's header (RFC 3550 §5.1) over the packet's own bytes; nothing is
/// copied. <see cref="TryParse"/> checks every length the header claims (CSRC list, extension block,
/// padding) against the buffer, so every accessor is safe afterwards.
/// </summary>
public readonly ref struct RtpHeader
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _extensionOffset; // offset of the 4-byte extension header, 0 when X is clear
    private readonly int _extensionLength; // bytes of extension data after that 4-byte header

    private RtpHeader(ReadOnlySpan<byte> packet, int headerLength, int paddingLength, int extensionOffset, int extensionLength)
    {
        _packet = packet;
        HeaderLength = headerLength;
        PaddingLength = paddingLength;
        _extensionOffset = extensionOffset;
        _extensionLength = extensionLength;
    }

    /// <summary>RTP version; always 2 for a header that parsed.</summary>
    public int Version => _packet[0] >> 6;

    /// <summary>P bit: the packet ends with padding (its length is <see cref="PaddingLength"/>).</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>X bit: a header extension block follows the CSRC list.</summary>
    public bool HasExtension => (_packet[0] & 0x10) != 0;

    /// <summary>Number of CSRC identifiers (0–15).</summary>
    public int CsrcCount => _packet[0] & 0x0F;

    /// <summary>M bit; for video, the last packet of a frame.</summary>
    public bool Marker => (_packet[1] & 0x80) != 0;

    /// <summary>Payload type, 0–127.</summary>
    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(2));

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(4));

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(8));

    /// <summary>The raw CSRC list, 4 bytes per identifier (read one with <see cref="GetCsrc"/>).</summary>
    public ReadOnlySpan<byte> CsrcBytes => _packet.Slice(RtpPacket.FixedHeaderLength, 4 * CsrcCount);

    /// <summary>Bytes from the start of the packet to the payload: fixed header, CSRCs and extension block.</summary>
    public int HeaderLength { get; }

    /// <summary>Padding bytes at the end of the packet, including the count byte; 0 when P is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>The payload with the header in front and the padding behind removed.</summary>
    public ReadOnlySpan<byte> Payload => _packet.Slice(HeaderLength, _packet.Length - HeaderLength - PaddingLength);

    /// <summary>The whole packet this header was parsed from.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>The "defined by profile" field of the extension block (0xBEDE, 0x100X, ...); 0 without one.</summary>
    public ushort ExtensionProfile =>
        HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(_extensionOffset)) : (ushort)0;

    /// <summary>The extension data after the profile and length fields; empty without an extension block.</summary>
    public ReadOnlySpan<byte> ExtensionData =>
        HasExtension ? _packet.Slice(_extensionOffset + 4, _extensionLength) : ReadOnlySpan<byte>.Empty;

    /// <summary>Offset in the packet of <see cref="ExtensionData"/>' first byte (for in-place rewrites); 0 without one.</summary>
    public int ExtensionDataOffset => HasExtension ? _extensionOffset + 4 : 0;

    /// <summary>Iterates the RFC 8285 elements of the extension block (none for other profiles).</summary>
    public RtpHeaderExtensionReader Extensions => new(ExtensionProfile, ExtensionData);

    /// <summary>Reads CSRC number <paramref name="index"/> (0-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="CsrcCount"/>.</exception>
    public uint GetCsrc(int index)
    {
        if ((uint)index >= (uint)CsrcCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "No such CSRC in this header.");
        return BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(RtpPacket.FixedHeaderLength + 4 * index));
    }

    /// <summary>Finds the RFC 8285 element with local identifier <paramref name="id"/>.</summary>
    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> value) => Extensions.TryFind(id, out value);

    /// <summary>
    /// Parses and validates an RTP header. False when the buffer is shorter than the header claims, the
    /// version is not 2, or the padding count is zero or larger than the payload.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < RtpPacket.FixedHeaderLength || packet[0] >> 6 != 2)
            return false;

        int offset = RtpPacket.FixedHeaderLength + 4 * (packet[0] & 0x0F);
        if (offset > packet.Length)
            return false;

        int extensionOffset = 0, extensionLength = 0;
        if ((packet[0] & 0x10) != 0)
        {
            if (offset + 4 > packet.Length)
                return false;
            extensionOffset = offset;
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2));
            offset += 4 + extensionLength;
            if (offset > packet.Length)
                return false;
        }

        int paddingLength = 0;
        if ((packet[0] & 0x20) != 0)
        {
            // The count includes itself, so zero is malformed (libwebrtc rejects it too).
            if (offset == packet.Length)
                return false;
            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - offset)
                return false;
        }

        header = new RtpHeader(packet, offset, paddingLength, extensionOffset, extensionLength);
        return true;
    }
}
