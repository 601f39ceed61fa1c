using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace RtcLive.WebRtc.Stun;

/// <summary>
/// A zero-allocation view over one STUN message (RFC 8489). <see cref="TryParse"/> validates the header and
/// the attribute framing once and remembers where the attributes ICE needs are, so the accessors are
/// cheap. Bad input makes <see cref="TryParse"/> return false; nothing here throws on malformed data.
/// </summary>
/// <remarks>
/// Following RFC 8489 §14.5, attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored by the
/// accessors (they are not covered by the integrity check), and of repeated attributes the first counts.
/// </remarks>
public ref struct StunMessageReader
{
    private const int Absent = -1;

    private ReadOnlySpan<byte> _message;
    // Offsets of the attribute headers (type at +0, length at +2, value at +4); Absent when missing.
    private int _username;
    private int _xorMappedAddress;
    private int _messageIntegrity;
    private int _fingerprint;
    private int _priority;
    private int _useCandidate;
    private int _iceControlling;
    private int _iceControlled;
    private int _errorCode;
    private bool _hasUnknownComprehensionRequired;

    /// <summary>
    /// Parses <paramref name="data"/>, which must be exactly one message (as a UDP datagram is): header with
    /// the top two bits zero and the magic cookie, a length that is a multiple of 4 and matches the data,
    /// well-formed attributes, MESSAGE-INTEGRITY of 20 bytes and FINGERPRINT of 4 bytes and last.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessageReader reader)
    {
        reader = default;
        if (data.Length < StunMessage.HeaderLength || (data[0] & 0xC0) != 0) return false;
        if (BinaryPrimitives.ReadUInt32BigEndian(data[4..]) != StunMessage.MagicCookie) return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || StunMessage.HeaderLength + length != data.Length) return false;

        var parsed = new StunMessageReader
        {
            _message = data,
            _username = Absent,
            _xorMappedAddress = Absent,
            _messageIntegrity = Absent,
            _fingerprint = Absent,
            _priority = Absent,
            _useCandidate = Absent,
            _iceControlling = Absent,
            _iceControlled = Absent,
            _errorCode = Absent,
        };

        int offset = StunMessage.HeaderLength;
        while (offset < data.Length)
        {
            if (parsed._fingerprint != Absent) return false; // FINGERPRINT must be the last attribute
            if (data.Length - offset < 4) return false;
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            int paddedLength = (valueLength + 3) & ~3;
            if (paddedLength > data.Length - offset - 4) return false;

            if (type == (ushort)StunAttributeType.Fingerprint)
            {
                if (valueLength != StunFingerprint.Length) return false;
                parsed._fingerprint = offset;
            }
            else if (parsed._messageIntegrity == Absent)
            {
                if (type == (ushort)StunAttributeType.MessageIntegrity)
                {
                    if (valueLength != StunMessageIntegrity.Length) return false;
                    parsed._messageIntegrity = offset;
                }
                else
                {
                    parsed.Remember(type, offset);
                }
            }

            offset += 4 + paddedLength;
        }

        reader = parsed;
        return true;
    }

    /// <summary>The whole message as parsed.</summary>
    public readonly ReadOnlySpan<byte> Message => _message;

    public readonly StunMessageType MessageType => (StunMessageType)BinaryPrimitives.ReadUInt16BigEndian(_message);

    public readonly ReadOnlySpan<byte> TransactionId => _message.Slice(8, StunMessage.TransactionIdLength);

    /// <summary>All attributes in wire order, including ignored ones; see <see cref="StunAttributeEnumerator"/>.</summary>
    public readonly StunAttributeEnumerator Attributes => new(_message);

    public readonly bool HasMessageIntegrity => _messageIntegrity != Absent;

    public readonly bool HasFingerprint => _fingerprint != Absent;

    /// <summary>True when USE-CANDIDATE is present (the controlling agent nominates this pair).</summary>
    public readonly bool HasUseCandidate => _useCandidate != Absent;

    /// <summary>
    /// True when a comprehension-required attribute (type below 0x8000) that neither STUN nor ICE defines
    /// comes before MESSAGE-INTEGRITY; a request carrying one is answered with 420 (RFC 8489 §6.3.1).
    /// </summary>
    public readonly bool HasUnknownComprehensionRequiredAttributes => _hasUnknownComprehensionRequired;

    /// <summary>The first occurrence of <paramref name="type"/> before MESSAGE-INTEGRITY (or FINGERPRINT / MESSAGE-INTEGRITY itself).</summary>
    public readonly bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        if (type == StunAttributeType.Fingerprint) return TryGetValue(_fingerprint, out value);
        if (type == StunAttributeType.MessageIntegrity) return TryGetValue(_messageIntegrity, out value);
        int end = _messageIntegrity == Absent ? _message.Length : _messageIntegrity;
        int offset = StunMessage.HeaderLength;
        while (offset < end)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            if (BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]) == (ushort)type)
            {
                value = _message.Slice(offset + 4, length);
                return true;
            }
            offset += 4 + ((length + 3) & ~3);
        }
        value = default;
        return false;
    }

    /// <summary>USERNAME as raw UTF-8 (for ICE: "receiverUfrag:senderUfrag").</summary>
    public readonly bool TryGetUsername(out ReadOnlySpan<byte> username) => TryGetValue(_username, out username);

    /// <summary>XOR-MAPPED-ADDRESS decoded; false when absent or malformed.</summary>
    public readonly bool TryGetXorMappedAddress([NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        return TryGetValue(_xorMappedAddress, out var value)
            && StunXorAddress.TryDecode(value, TransactionId, out endpoint);
    }

    /// <summary>PRIORITY (RFC 8445 §7.1.1); false when absent or not 4 bytes.</summary>
    public readonly bool TryGetPriority(out uint priority)
    {
        priority = 0;
        if (!TryGetValue(_priority, out var value) || value.Length != 4) return false;
        priority = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    /// <summary>ICE-CONTROLLING's tie-breaker; false when absent or not 8 bytes.</summary>
    public readonly bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(_iceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED's tie-breaker; false when absent or not 8 bytes.</summary>
    public readonly bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(_iceControlled, out tieBreaker);

    /// <summary>ERROR-CODE as a number (300–699) and its UTF-8 reason phrase; false when absent or malformed.</summary>
    public readonly bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetValue(_errorCode, out var value) || value.Length < 4) return false;
        int errorClass = value[2] & 0x07;
        int number = value[3];
        if (errorClass < 3 || errorClass > 6 || number > 99) return false;
        code = errorClass * 100 + number;
        reason = value[4..];
        return true;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY with <paramref name="key"/> (for ICE, the password's bytes). False when the
    /// attribute is absent or does not match.
    /// </summary>
    public readonly bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        _messageIntegrity != Absent && StunMessageIntegrity.Verify(_message, _messageIntegrity, key);

    /// <summary>Checks FINGERPRINT. False when it is absent or does not match.</summary>
    public readonly bool VerifyFingerprint()
    {
        if (_fingerprint == Absent) return false;
        uint received = BinaryPrimitives.ReadUInt32BigEndian(_message[(_fingerprint + 4)..]);
        // FINGERPRINT is always last, so the header length already counts it: hash the bytes before it as they are.
        return StunFingerprint.Compute(_message[.._fingerprint]) == received;
    }

    /// <summary>
    /// Copies the types of the unknown comprehension-required attributes (see
    /// <see cref="HasUnknownComprehensionRequiredAttributes"/>) into <paramref name="destination"/>, for
    /// UNKNOWN-ATTRIBUTES; returns how many were written (at most the destination's length).
    /// </summary>
    public readonly int GetUnknownComprehensionRequiredAttributes(Span<ushort> destination)
    {
        if (!_hasUnknownComprehensionRequired) return 0;
        int count = 0;
        int end = _messageIntegrity == Absent ? _message.Length : _messageIntegrity;
        int offset = StunMessage.HeaderLength;
        while (offset < end && count < destination.Length)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            if (IsUnknownComprehensionRequired(type) && destination[..count].IndexOf(type) < 0)
                destination[count++] = type;
            offset += 4 + ((length + 3) & ~3);
        }
        return count;
    }

    private void Remember(ushort type, int offset)
    {
        switch ((StunAttributeType)type)
        {
            case StunAttributeType.Username: First(ref _username, offset); break;
            case StunAttributeType.XorMappedAddress: First(ref _xorMappedAddress, offset); break;
            case StunAttributeType.Priority: First(ref _priority, offset); break;
            case StunAttributeType.UseCandidate: First(ref _useCandidate, offset); break;
            case StunAttributeType.IceControlling: First(ref _iceControlling, offset); break;
            case StunAttributeType.IceControlled: First(ref _iceControlled, offset); break;
            case StunAttributeType.ErrorCode: First(ref _errorCode, offset); break;
            default:
                if (IsUnknownComprehensionRequired(type)) _hasUnknownComprehensionRequired = true;
                break;
        }

        static void First(ref int slot, int offset)
        {
            if (slot == Absent) slot = offset;
        }
    }

    private static bool IsUnknownComprehensionRequired(ushort type) =>
        type < 0x8000 && (StunAttributeType)type is not (
            StunAttributeType.MappedAddress or StunAttributeType.Username or StunAttributeType.MessageIntegrity
            or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes or StunAttributeType.Realm
            or StunAttributeType.Nonce or StunAttributeType.MessageIntegritySha256
            or StunAttributeType.PasswordAlgorithm or StunAttributeType.UserHash
            or StunAttributeType.XorMappedAddress or StunAttributeType.Priority or StunAttributeType.UseCandidate);

    private readonly bool TryGetValue(int offset, out ReadOnlySpan<byte> value)
    {
        if (offset == Absent)
        {
            value = default;
            return false;
        }
        value = _message.Slice(offset + 4, BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]));
        return true;
    }

    private readonly bool TryGetUInt64(int offset, out ulong result)
    {
        result = 0;
        if (!TryGetValue(offset, out var value) || value.Length != 8) return false;
        result = BinaryPrimitives.ReadUInt64BigEndian(value);
        return true;
    }
}
