using RtcLive.WebRtc.Rtp;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// An RFC 8285 extension block on its own: the first two input bytes choose the profile (0xBEDE, 0x100X, or whatever
/// they are), the rest is the block's data. Every element the reader yields must be writable in the same form, and
/// the written block must read back element for element.
/// </summary>
public static class RtpExtensionTarget
{
    [ThreadStatic] private static byte[]? _block;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2) return;
        ushort profile = (ushort)(input[0] << 8 | input[1]);
        var data = input.Slice(2);
        var reader = new RtpHeaderExtensionReader(profile, data);
        if (reader.Form == RtpExtensionForm.Unknown)
        {
            if (reader.MoveNext()) throw new PropertyViolationException("a block of unknown profile must yield nothing");
            return;
        }

        byte[] block = _block ??= new byte[4 + 64 * 1024 + 8];
        if (block.Length < 4 + data.Length + 8) block = _block = new byte[4 + data.Length + 8];
        var writer = new RtpHeaderExtensionWriter(block, reader.Form);
        int elements = 0;
        while (reader.MoveNext())
        {
            var element = reader.Current;
            elements++;
            if (!writer.TryAdd(element.Id, element.Value))
                throw new PropertyViolationException($"element {element.Id} ({element.Value.Length} bytes) read from a block cannot be written back");
        }
        int length = writer.Finish();
        if (elements == 0) return;
        if (length != 4 + 4 * (block[2] << 8 | block[3]))
            throw new PropertyViolationException("the written block's length field disagrees with its size");
        reader.TryFind(block[4] == 0 ? (byte)1 : block[4], out _);

        var again = new RtpHeaderExtensionReader((ushort)(block[0] << 8 | block[1]), block.AsSpan(4, length - 4));
        var first = new RtpHeaderExtensionReader(profile, data);
        while (first.MoveNext())
        {
            if (!again.MoveNext()) throw new PropertyViolationException("the written block has fewer elements");
            if (again.Current.Id != first.Current.Id || !again.Current.Value.SequenceEqual(first.Current.Value))
                throw new PropertyViolationException($"element {first.Current.Id} changed in the round trip");
        }
        if (again.MoveNext()) throw new PropertyViolationException("the written block has more elements");
    }
}
