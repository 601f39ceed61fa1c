using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Builds a complete RFC 8285 extension block (profile, length in words, elements, zero padding) into a
/// caller buffer. Add elements, then call <see cref="Finish"/> and pass the block to
/// <see cref="RtpHeaderWriter.Write"/> (or place it after the CSRCs yourself and set the X bit).
/// </summary>
public ref struct RtpHeaderExtensionWriter
{
    private readonly Span<byte> _destination;
    private int _length; // bytes written after the 4-byte block header

    /// <exception cref="ArgumentException">The destination cannot even hold the 4-byte block header.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The form is not one-byte or two-byte.</exception>
    public RtpHeaderExtensionWriter(Span<byte> destination, RtpExtensionForm form)
    {
        if (form is not (RtpExtensionForm.OneByte or RtpExtensionForm.TwoByte))
            throw new ArgumentOutOfRangeException(nameof(form), form, "Only the one-byte and two-byte forms can be written.");
        if (destination.Length < 4)
            throw new ArgumentException("An extension block needs at least 4 bytes.", nameof(destination));
        _destination = destination;
        Form = form;
        _length = 0;
    }

    public RtpExtensionForm Form { get; }

    /// <summary>Bytes of element data added so far (before the padding <see cref="Finish"/> adds).</summary>
    public readonly int DataLength => _length;

    /// <summary>
    /// Reserves an element and returns its value bytes to fill. False when the id or length does not fit the
    /// form (one-byte: id 1–14, 1–16 bytes; two-byte: id 1–255, 0–255 bytes) or the buffer is full
    /// (room for the final padding is kept).
    /// </summary>
    public bool TryReserve(byte id, int length, out Span<byte> value)
    {
        value = default;
        int headerSize;
        if (Form == RtpExtensionForm.OneByte)
        {
            if (id is 0 or >= 15 || length is < 1 or > 16)
                return false;
            headerSize = 1;
        }
        else
        {
            if (id == 0 || length is < 0 or > 255)
                return false;
            headerSize = 2;
        }

        int end = _length + headerSize + length;
        if (4 + Align4(end) > _destination.Length || Align4(end) / 4 > ushort.MaxValue)
            return false;

        Span<byte> data = _destination.Slice(4);
        if (Form == RtpExtensionForm.OneByte)
        {
            data[_length] = (byte)((id << 4) | (length - 1));
        }
        else
        {
            data[_length] = id;
            data[_length + 1] = (byte)length;
        }
        value = data.Slice(_length + headerSize, length);
        _length = end;
        return true;
    }

    /// <summary>Adds an element with the given value; see <see cref="TryReserve"/> for when it fails.</summary>
    public bool TryAdd(byte id, ReadOnlySpan<byte> value)
    {
        if (!TryReserve(id, value.Length, out var slot))
            return false;
        value.CopyTo(slot);
        return true;
    }

    public bool TryAddTransportSequenceNumber(byte id, ushort sequenceNumber)
    {
        if (!TryReserve(id, TransportSequenceNumberExtension.Length, out var slot))
            return false;
        TransportSequenceNumberExtension.Write(slot, sequenceNumber);
        return true;
    }

    public bool TryAddAbsSendTime(byte id, uint absSendTime)
    {
        if (!TryReserve(id, AbsSendTimeExtension.Length, out var slot))
            return false;
        AbsSendTimeExtension.Write(slot, absSendTime);
        return true;
    }

    public bool TryAddAudioLevel(byte id, bool voiceActivity, byte level)
    {
        if (!TryReserve(id, AudioLevelExtension.Length, out var slot))
            return false;
        AudioLevelExtension.Write(slot, voiceActivity, level);
        return true;
    }

    /// <summary>
    /// Pads the data to a 32-bit boundary with zeros, writes the profile and length, and returns the whole
    /// block's length. Returns 0 (nothing to put in the packet) when no element was added.
    /// </summary>
    public readonly int Finish()
    {
        if (_length == 0)
            return 0;
        int padded = Align4(_length);
        _destination.Slice(4 + _length, padded - _length).Clear();
        BinaryPrimitives.WriteUInt16BigEndian(_destination,
            Form == RtpExtensionForm.OneByte ? RtpExtensionProfiles.OneByte : RtpExtensionProfiles.TwoByte);
        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(2), (ushort)(padded / 4));
        return 4 + padded;
    }

    private static int Align4(int length) => (length + 3) & ~3;
}
