using System.Buffers.Binary;

namespace RtcLive.WebRtc.Transport.IceTcp;

/// <summary>
/// Cuts a TCP byte stream into the packets RFC 4571 frames in it: each packet preceded by its length as a
/// 16-bit big-endian number. TCP delivers reads of any size, so a frame may arrive split over reads, several
/// may arrive in one, and the length prefix itself may be split. A frame that lies wholly inside a read is
/// handed over in place; only a frame split over reads is copied (into one buffer of the largest allowed size).
/// </summary>
/// <remarks>
/// A frame longer than <see cref="MaxFrameLength"/> is skipped, not buffered, and reported: the stream stays in
/// step, since its length says where the next frame starts. Empty frames carry nothing and are skipped silently.
/// Single-threaded: one reader per connection, fed from its receive loop.
/// </remarks>
public sealed class FramedPacketReader
{
    public const int HeaderLength = 2;

    private readonly byte[] _partial;
    private int _headerHave;
    private int _header;
    private int _frameLength;
    private int _have;
    private int _skip;

    public FramedPacketReader(int maxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameLength, ushort.MaxValue);
        MaxFrameLength = maxFrameLength;
        _partial = new byte[maxFrameLength];
    }

    public int MaxFrameLength { get; }

    /// <summary>True between frames: nothing of a frame is held back waiting for more bytes.</summary>
    public bool AtFrameBoundary => _headerHave == 0 && _skip == 0;

    /// <summary>
    /// Takes the next bytes of the stream and hands every frame they complete to <paramref name="sink"/>, in order.
    /// The span given to the sink is valid only during the call (it may be the caller's buffer, decrypted in place).
    /// </summary>
    public void Feed(Span<byte> data, IFramedPacketSink sink)
    {
        while (!data.IsEmpty)
        {
            if (_skip > 0)
            {
                int n = Math.Min(_skip, data.Length);
                _skip -= n;
                data = data[n..];
                continue;
            }

            if (_headerHave < HeaderLength)
            {
                if (_headerHave == 0 && data.Length >= HeaderLength)
                {
                    _header = BinaryPrimitives.ReadUInt16BigEndian(data);
                    _headerHave = HeaderLength;
                    data = data[HeaderLength..];
                }
                else
                {
                    _header = (_header << 8) | data[0];
                    _headerHave++;
                    data = data[1..];
                }
                if (_headerHave < HeaderLength) continue;

                int length = _header & 0xFFFF;
                _header = 0;
                if (length == 0)
                {
                    _headerHave = 0;
                }
                else if (length > MaxFrameLength)
                {
                    _headerHave = 0;
                    _skip = length;
                    sink.OnOversizeFrame(length);
                }
                else
                {
                    _frameLength = length;
                    _have = 0;
                }
                continue;
            }

            if (_have == 0 && data.Length >= _frameLength)
            {
                // The whole frame is in this read: no copy.
                var frame = data[.._frameLength];
                data = data[_frameLength..];
                _headerHave = 0;
                sink.OnFrame(frame);
                continue;
            }

            int take = Math.Min(_frameLength - _have, data.Length);
            data[..take].CopyTo(_partial.AsSpan(_have));
            _have += take;
            data = data[take..];
            if (_have == _frameLength)
            {
                _headerHave = 0;
                _have = 0;
                sink.OnFrame(_partial.AsSpan(0, _frameLength));
            }
        }
    }

    /// <summary>Writes the RFC 4571 length prefix of a <paramref name="length"/>-byte packet.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, ushort.MaxValue);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
    }
}
