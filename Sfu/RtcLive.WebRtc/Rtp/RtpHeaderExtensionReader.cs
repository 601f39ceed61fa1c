namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Walks the elements of an RFC 8285 extension block (use it with <c>foreach</c>). Padding bytes between
/// elements are skipped. A one-byte element with id 15 ends the block, as §4.2 requires. An element whose
/// length runs past the block ends the walk and sets <see cref="IsMalformed"/>; elements before it are kept.
/// </summary>
public ref struct RtpHeaderExtensionReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private RtpHeaderExtension _current;

    /// <param name="profile">The block's profile field; other than 0xBEDE or 0x100X, the block yields nothing.</param>
    /// <param name="data">The extension data after the 4-byte profile/length header.</param>
    public RtpHeaderExtensionReader(ushort profile, ReadOnlySpan<byte> data)
    {
        Form = RtpExtensionProfiles.FormOf(profile);
        _data = data;
        _position = 0;
        _current = default;
        IsMalformed = false;
    }

    public RtpExtensionForm Form { get; }

    /// <summary>Set when an element claimed more bytes than the block has; iteration stopped there.</summary>
    public bool IsMalformed { get; private set; }

    public readonly RtpHeaderExtension Current => _current;

    public readonly RtpHeaderExtensionReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (Form == RtpExtensionForm.Unknown)
            return false;

        while (_position < _data.Length)
        {
            byte first = _data[_position];
            // Id 0 is padding (RFC 8285 §4.2, §4.3). In the one-byte form a byte with id 0 and a nonzero length
            // nibble is still one byte of padding, as libwebrtc reads it; taking it for an element with id 0
            // would swallow the real elements after it.
            if (first == 0 || (Form == RtpExtensionForm.OneByte && first >> 4 == 0))
            {
                _position++;
                continue;
            }

            int id, length, valueOffset;
            if (Form == RtpExtensionForm.OneByte)
            {
                id = first >> 4;
                if (id == 15)
                {
                    _position = _data.Length; // reserved id: stop processing the whole block
                    return false;
                }
                length = (first & 0x0F) + 1;
                valueOffset = _position + 1;
            }
            else
            {
                if (_position + 2 > _data.Length)
                    return Fail();
                id = first;
                length = _data[_position + 1];
                valueOffset = _position + 2;
            }

            if (valueOffset + length > _data.Length)
                return Fail();

            _current = new RtpHeaderExtension((byte)id, _data.Slice(valueOffset, length), valueOffset);
            _position = valueOffset + length;
            return true;
        }
        return false;
    }

    /// <summary>Finds the first element with <paramref name="id"/>, scanning from the start of the block.</summary>
    public readonly bool TryFind(byte id, out ReadOnlySpan<byte> value)
    {
        if (TryFindElement(id, out var element))
        {
            value = element.Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Like <see cref="TryFind"/>, but also tells where the value sits inside the extension data.</summary>
    public readonly bool TryFindElement(byte id, out RtpHeaderExtension element)
    {
        if (id != 0)
        {
            var scan = this;
            scan._position = 0;
            while (scan.MoveNext())
            {
                if (scan._current.Id == id)
                {
                    element = scan._current;
                    return true;
                }
            }
        }
        element = default;
        return false;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _position = _data.Length;
        return false;
    }
}
