using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace RtcLive.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into a caller-provided buffer without allocating: the header first, then
/// attributes in call order, each padded to 4 bytes with zeros, the header length kept current.
/// MESSAGE-INTEGRITY and FINGERPRINT, when wanted, go last and in that order (RFC 8489 §14.5, §14.7).
/// </summary>
/// <remarks>
/// Misuse is a programming error, not bad input: a buffer too small throws <see cref="ArgumentException"/>,
/// and adding an attribute after MESSAGE-INTEGRITY (other than FINGERPRINT) or after FINGERPRINT throws
/// <see cref="InvalidOperationException"/>.
/// </remarks>
public ref struct StunMessageWriter
{
    /// <summary>RFC 8489 §14.8: the reason phrase is at most 763 bytes of UTF-8.</summary>
    public const int MaxReasonPhraseBytes = 763;

    private readonly Span<byte> _buffer;
    private int _length;
    private bool _hasMessageIntegrity;
    private bool _hasFingerprint;

    /// <exception cref="ArgumentException">The destination is shorter than a header, or the transaction id is not 12 bytes.</exception>
    public StunMessageWriter(Span<byte> destination, StunMessageType type, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
            throw new ArgumentException($"A transaction id is {StunMessage.TransactionIdLength} bytes.", nameof(transactionId));
        if (destination.Length < StunMessage.HeaderLength)
            throw new ArgumentException("The destination cannot hold a STUN header.", nameof(destination));
        if (((ushort)type & 0xC000) != 0)
            throw new ArgumentException("A STUN message type has its top two bits zero.", nameof(type));

        _buffer = destination;
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(destination[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Bytes written so far; the message is complete and sendable after any call.</summary>
    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public readonly ReadOnlySpan<byte> TransactionId => _buffer.Slice(8, StunMessage.TransactionIdLength);

    /// <summary>Appends an attribute header and padding and returns the value's bytes for the caller to fill.</summary>
    public Span<byte> ReserveAttribute(StunAttributeType type, int valueLength)
    {
        if (_hasFingerprint)
            throw new InvalidOperationException("FINGERPRINT must be the last attribute.");
        if (_hasMessageIntegrity && type != StunAttributeType.Fingerprint)
            throw new InvalidOperationException("Only FINGERPRINT may follow MESSAGE-INTEGRITY.");
        ArgumentOutOfRangeException.ThrowIfNegative(valueLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(valueLength, ushort.MaxValue);

        int padded = (valueLength + 3) & ~3;
        int newLength = _length + 4 + padded;
        if (newLength > _buffer.Length)
            throw new ArgumentException("The destination is too small for this STUN message.");
        if (newLength - StunMessage.HeaderLength > ushort.MaxValue)
            throw new ArgumentException("A STUN message body is at most 65535 bytes.");

        Span<byte> attribute = _buffer[_length..newLength];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(4 + valueLength)..].Clear();
        _length = newLength;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderLength));
        return attribute.Slice(4, valueLength);
    }

    public void WriteAttribute(StunAttributeType type, ReadOnlySpan<byte> value) =>
        value.CopyTo(ReserveAttribute(type, value.Length));

    /// <summary>USERNAME from raw UTF-8 bytes.</summary>
    public void WriteUsername(ReadOnlySpan<byte> username) => WriteAttribute(StunAttributeType.Username, username);

    /// <summary>XOR-MAPPED-ADDRESS; IPv4-mapped IPv6 addresses are written as IPv4.</summary>
    public void WriteXorMappedAddress(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Span<byte> value = ReserveAttribute(StunAttributeType.XorMappedAddress, StunXorAddress.ValueLength(endpoint));
        StunXorAddress.Encode(endpoint, TransactionId, value);
    }

    /// <summary>ERROR-CODE with a numeric code (300–699) and a reason phrase.</summary>
    public void WriteErrorCode(int code, ReadOnlySpan<char> reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        int reasonBytes = Encoding.UTF8.GetByteCount(reason);
        if (reasonBytes > MaxReasonPhraseBytes)
            throw new ArgumentException($"The reason phrase is longer than {MaxReasonPhraseBytes} UTF-8 bytes.", nameof(reason));
        Span<byte> value = ReserveAttribute(StunAttributeType.ErrorCode, 4 + reasonBytes);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>UNKNOWN-ATTRIBUTES, listing the types that made a request fail with 420.</summary>
    public void WriteUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        Span<byte> value = ReserveAttribute(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (int i = 0; i < types.Length; i++)
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 2)..], types[i]);
    }

    public void WritePriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(ReserveAttribute(StunAttributeType.Priority, 4), priority);

    public void WriteUseCandidate() => ReserveAttribute(StunAttributeType.UseCandidate, 0);

    public void WriteIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(ReserveAttribute(StunAttributeType.IceControlling, 8), tieBreaker);

    public void WriteIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(ReserveAttribute(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>MESSAGE-INTEGRITY over everything written so far, keyed with <paramref name="key"/> (for ICE, the password's bytes).</summary>
    public void WriteMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int covered = _length;
        // Reserving first puts the attribute into the header length, as the HMAC input requires.
        Span<byte> mac = ReserveAttribute(StunAttributeType.MessageIntegrity, StunMessageIntegrity.Length);
        StunMessageIntegrity.Compute(key, _buffer[..covered], mac);
        _hasMessageIntegrity = true;
    }

    /// <summary>FINGERPRINT over everything written so far; nothing can be added after it.</summary>
    public void WriteFingerprint()
    {
        int covered = _length;
        Span<byte> value = ReserveAttribute(StunAttributeType.Fingerprint, StunFingerprint.Length);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunFingerprint.Compute(_buffer[..covered]));
        _hasFingerprint = true;
    }
}
