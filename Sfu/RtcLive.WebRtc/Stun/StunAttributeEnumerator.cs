using System.Buffers.Binary;

namespace RtcLive.WebRtc.Stun;

/// <summary>
/// Walks every attribute of a message already validated by <see cref="StunMessageReader.TryParse"/>, in wire
/// order, including any that follow MESSAGE-INTEGRITY (which RFC 8489 says to ignore; the reader's
/// accessors do). Usable in <c>foreach</c>.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> validatedMessage)
    {
        _message = validatedMessage;
        _next = StunMessage.HeaderLength;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next + 4 > _message.Length) return false;
        var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_message[_next..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_next + 2)..]);
        _current = new StunAttribute(type, _message.Slice(_next + 4, length));
        _next += 4 + ((length + 3) & ~3);
        return true;
    }
}
