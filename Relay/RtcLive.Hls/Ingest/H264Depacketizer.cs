using System.Buffers.Binary;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Hls.Ingest;

/// <summary>
/// Reassembles H.264 access units from RTP (RFC 6184, packetization mode 1: single NAL unit packets, STAP-A, FU-A)
/// into Annex B (a four-byte start code before every NAL unit). An access unit is every packet of one timestamp, up
/// to the marker bit. The latest SPS and PPS are kept and put in front of an IDR picture that arrives without them,
/// so every keyframe handed on decodes on its own. A gap, or a packet that does not parse, drops the access unit it
/// falls in (the caller then waits for a keyframe); interleaved-mode packets (STAP-B, MTAP, FU-B) are refused.
/// </summary>
public sealed class H264Depacketizer : IVideoDepacketizer
{
    private const int MaxFrameBytes = 4 * 1024 * 1024;
    private const int MaxParameterSetBytes = 256;
    private const int StapA = 24;
    private const int FuA = 28;
    private const int Idr = 5;
    private const int Sps = 7;
    private const int Pps = 8;

    private byte[] _buffer = new byte[64 * 1024];
    private byte[] _withParameterSets = new byte[64 * 1024];
    private readonly byte[] _sps = new byte[MaxParameterSetBytes];
    private readonly byte[] _pps = new byte[MaxParameterSetBytes];
    private int _spsLength;
    private int _ppsLength;
    private int _length;
    private bool _building;
    private uint _timestamp;
    private bool _dropping;
    private uint _dropTimestamp;
    private ushort _lastSequence;
    private bool _seenAny;
    private int _fragmentStart = -1;
    private bool _hasIdr, _hasSps, _hasPps;

    public bool Damaged { get; set; }

    public bool Push(ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        if (_seenAny && !SequenceNumber.IsNewer(sequence, _lastSequence)) return false; // late or duplicate: already past it
        bool gap = _seenAny && sequence != (ushort)(_lastSequence + 1);
        _seenAny = true;
        _lastSequence = sequence;
        if (gap)
        {
            // What is left of the access unit this packet belongs to is of no use: it lost a packet (or its start).
            Damaged = true;
            Drop(timestamp);
            return false;
        }
        if (_dropping)
        {
            if (timestamp == _dropTimestamp) return false;
            _dropping = false;
        }
        if (_building && timestamp != _timestamp)
        {
            Damaged = true; // the previous access unit never saw its marker
            _building = false;
        }
        if (!_building)
        {
            _building = true;
            _timestamp = timestamp;
            _length = 0;
            _fragmentStart = -1;
            _hasIdr = _hasSps = _hasPps = false;
        }
        if (!Append(payload))
        {
            Damaged = true;
            Drop(timestamp);
            return false;
        }
        if (!marker) return false;
        _building = false;
        if (_fragmentStart >= 0)
        {
            Damaged = true; // a fragmented NAL unit never ended
            return false;
        }
        return Complete(out frame);
    }

    public bool IsKeyframe(ReadOnlySpan<byte> frame, out int width, out int height) => IsKeyframeAccessUnit(frame, out width, out height);

    /// <summary>
    /// Whether an Annex B access unit decodes on its own: it holds an IDR slice and a sequence parameter set, whose
    /// picture size it gives.
    /// </summary>
    public static bool IsKeyframeAccessUnit(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = height = 0;
        bool idr = false, sized = false;
        int position = 0;
        while (AnnexB.TryReadNal(frame, ref position, out int start, out int length))
        {
            var nal = frame.Slice(start, length);
            int type = AnnexB.TypeOf(nal);
            if (type == Idr) idr = true;
            else if (type == Sps && !sized) sized = H264SequenceParameterSet.TryReadSize(nal, out width, out height);
        }
        if (idr && sized) return true;
        width = height = 0;
        return false;
    }

    private void Drop(uint timestamp)
    {
        _building = false;
        _dropping = true;
        _dropTimestamp = timestamp;
    }

    private bool Append(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return false;
        int type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                return _fragmentStart < 0 && AppendNal(payload);
            case StapA:
                if (_fragmentStart >= 0 || payload.Length < 3) return false;
                for (int offset = 1; offset < payload.Length;)
                {
                    if (offset + 2 > payload.Length) return false;
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
                    offset += 2;
                    if (size == 0 || offset + size > payload.Length || !AppendNal(payload.Slice(offset, size))) return false;
                    offset += size;
                }
                return true;
            case FuA:
                return AppendFragment(payload);
            default:
                return false; // 0, 30, 31 are not NAL types; 25–27 and 29 belong to the interleaved mode
        }
    }

    private bool AppendNal(ReadOnlySpan<byte> nal)
    {
        int type = nal[0] & 0x1F;
        if (type is 0 or >= 24) return false;
        if (!Write(AnnexB.StartCode)) return false;
        int start = _length;
        if (!Write(nal)) return false;
        Ended(type, start);
        return true;
    }

    private bool AppendFragment(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2) return false;
        byte header = payload[1];
        bool first = (header & 0x80) != 0, last = (header & 0x40) != 0;
        int type = header & 0x1F;
        if ((first && last) || type is 0 or >= 24) return false; // RFC 6184 5.8: S and E never both; no fragmented aggregates
        if (first)
        {
            if (_fragmentStart >= 0 || !Write(AnnexB.StartCode)) return false;
            _fragmentStart = _length;
            Span<byte> nalHeader = [(byte)((payload[0] & 0xE0) | type)];
            if (!Write(nalHeader)) return false;
        }
        else if (_fragmentStart < 0)
        {
            return false; // a middle or end without its start
        }
        if (!Write(payload[2..])) return false;
        if (last)
        {
            Ended(type, _fragmentStart);
            _fragmentStart = -1;
        }
        return true;
    }

    /// <summary>A whole NAL unit now sits at <paramref name="start"/>..end: remember what kind, keep parameter sets.</summary>
    private void Ended(int type, int start)
    {
        int length = _length - start;
        var nal = _buffer.AsSpan(start, length);
        switch (type)
        {
            case Idr:
                _hasIdr = true;
                break;
            case Sps:
                _hasSps = true;
                if (length <= MaxParameterSetBytes)
                {
                    nal.CopyTo(_sps);
                    _spsLength = length;
                }
                break;
            case Pps:
                _hasPps = true;
                if (length <= MaxParameterSetBytes)
                {
                    nal.CopyTo(_pps);
                    _ppsLength = length;
                }
                break;
        }
    }

    private bool Complete(out ReadOnlySpan<byte> frame)
    {
        frame = _buffer.AsSpan(0, _length);
        if (!_hasIdr || (_hasSps && _hasPps)) return _length > 0;
        if ((!_hasSps && _spsLength == 0) || (!_hasPps && _ppsLength == 0))
        {
            // An IDR picture with no parameter set ever seen cannot be decoded.
            Damaged = true;
            frame = default;
            return false;
        }
        int needed = _length + (_hasSps ? 0 : 4 + _spsLength) + (_hasPps ? 0 : 4 + _ppsLength);
        if (needed > MaxFrameBytes)
        {
            Damaged = true;
            frame = default;
            return false;
        }
        if (needed > _withParameterSets.Length) _withParameterSets = new byte[Math.Max(needed, _withParameterSets.Length * 2)];
        var output = _withParameterSets.AsSpan();
        int n = 0;
        if (!_hasSps) n += Put(output[n..], _sps.AsSpan(0, _spsLength));
        if (!_hasPps) n += Put(output[n..], _pps.AsSpan(0, _ppsLength));
        _buffer.AsSpan(0, _length).CopyTo(output[n..]);
        frame = output[..(n + _length)];
        return true;
    }

    private static int Put(Span<byte> output, ReadOnlySpan<byte> nal)
    {
        AnnexB.StartCode.CopyTo(output);
        nal.CopyTo(output[4..]);
        return 4 + nal.Length;
    }

    private bool Write(ReadOnlySpan<byte> data)
    {
        int needed = _length + data.Length;
        if (needed > MaxFrameBytes) return false;
        if (needed > _buffer.Length) Array.Resize(ref _buffer, Math.Min(MaxFrameBytes, Math.Max(needed, _buffer.Length * 2)));
        data.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
        return true;
    }
}
