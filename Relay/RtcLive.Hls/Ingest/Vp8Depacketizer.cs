using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Hls.Ingest;

/// <summary>
/// Reassembles VP8 frames from RTP (RFC 7741): a frame starts at a packet with S=1 and partition 0, continues in
/// sequence with the same timestamp, and ends at the marker bit. A gap drops the frame being built; the caller
/// then waits for a keyframe, since later frames reference the lost one.
/// </summary>
public sealed class Vp8Depacketizer : IVideoDepacketizer
{
    private const int MaxFrameBytes = 4 * 1024 * 1024;
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private bool _building;
    private uint _timestamp;
    private ushort _lastSequence;
    private bool _seenAny;

    /// <summary>True once a packet was lost or malformed since the caller last cleared it: frames after it may not decode.</summary>
    public bool Damaged { get; set; }

    /// <summary>Takes one packet; true when it completed a frame, which <paramref name="frame"/> then holds (valid until the next call).</summary>
    public bool Push(ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        bool inOrder = !_seenAny || sequence == (ushort)(_lastSequence + 1);
        if (_seenAny && !SequenceNumber.IsNewer(sequence, _lastSequence)) return false; // late or duplicate: already past it
        _seenAny = true;
        _lastSequence = sequence;
        if (!inOrder && _building)
        {
            _building = false;
            Damaged = true;
        }
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor) || descriptor.Length >= payload.Length)
        {
            _building = false;
            Damaged = true;
            return false;
        }
        var data = payload[descriptor.Length..];
        if (descriptor.IsStartOfPartition && descriptor.PartitionIndex == 0)
        {
            if (_building) Damaged = true; // the previous frame never ended
            _building = true;
            _length = 0;
            _timestamp = timestamp;
        }
        else if (!_building || timestamp != _timestamp)
        {
            if (!inOrder) Damaged = true;
            _building = false;
            return false;
        }
        if (!Append(data))
        {
            _building = false;
            Damaged = true;
            return false;
        }
        if (!marker) return false;
        _building = false;
        frame = _buffer.AsSpan(0, _length);
        return true;
    }

    private bool Append(ReadOnlySpan<byte> data)
    {
        int needed = _length + data.Length;
        if (needed > MaxFrameBytes) return false;
        if (needed > _buffer.Length) Array.Resize(ref _buffer, Math.Min(MaxFrameBytes, Math.Max(needed, _buffer.Length * 2)));
        data.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
        return true;
    }

    bool IVideoDepacketizer.IsKeyframe(ReadOnlySpan<byte> frame, out int width, out int height) => IsKeyframe(frame, out width, out height);

    /// <summary>Whether a whole VP8 frame is a keyframe (frame tag bit 0 clear), and its size (RFC 6386 9.1).</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = height = 0;
        if (frame.Length < 10 || (frame[0] & 0x01) != 0) return false;
        if (frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a) return false;
        width = (frame[6] | frame[7] << 8) & 0x3fff;
        height = (frame[8] | frame[9] << 8) & 0x3fff;
        return true;
    }
}
