using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Stats;

namespace RtcLive.LoadTest.Receive;

/// <summary>
/// One received stream (a subscriber's video or audio): sequence gaps and loss after repair, duplicates, which
/// gaps were NACKed and later filled, completed frames, and the delay of every first-time packet. Written by one
/// receive thread; read by others as snapshots (torn reads of a counter only skew a progress line).
/// </summary>
internal sealed class StreamTracker(bool video)
{
    /// <summary>A jump larger than this is a restart of the stream (or garbage), not loss to repair.</summary>
    public const int MaxNackRun = 512;

    private readonly SequenceWindow _seen = new();
    private readonly SequenceWindow _nacked = new();
    private readonly FrameAssembler? _frames = video ? new FrameAssembler() : null;
    private bool _started;
    private long _base;
    private long _highest;
    private long _received, _duplicates, _retransmissions, _gapEvents, _nackedCount, _nackAnswered, _bytes;

    public LatencyHistogram Delay { get; } = new();

    /// <summary>Packets per video layer (index = trailer kind), to tell which layer the SFU sent.</summary>
    public long[] LayerPackets { get; } = new long[4];

    public StreamCounters Counters => new(
        _started ? _highest - _base + 1 : 0, _received, _duplicates, _retransmissions, _gapEvents, _nackedCount, _nackAnswered,
        _frames?.Completed ?? 0, _frames?.Started ?? 0, _bytes);

    /// <summary>
    /// Takes one packet. Returns how many sequence numbers it showed missing (written to <paramref name="missing"/>
    /// up to its length) so the caller can NACK them; they are remembered as NACKed.
    /// </summary>
    public int OnPacket(ushort sequenceNumber, in ProbeTrailer trailer, int bytes, bool retransmission, long nowMicros, Span<ushort> missing)
    {
        _bytes += bytes;
        if (retransmission) _retransmissions++;
        if (trailer.Kind < LayerPackets.Length) LayerPackets[trailer.Kind]++;

        if (!_started)
        {
            _started = true;
            _base = _highest = sequenceNumber;
            Accept(_highest, trailer, retransmission, nowMicros, wasNacked: false);
            return 0;
        }

        long ext = _highest + (short)(ushort)(sequenceNumber - (ushort)_highest);
        int reported = 0;
        if (ext > _highest)
        {
            long gap = ext - _highest - 1;
            _seen.ClearRange(_highest, ext);
            _nacked.ClearRange(_highest, ext);
            if (gap > 0)
            {
                _gapEvents++;
                if (gap <= MaxNackRun)
                {
                    for (long s = _highest + 1; s < ext; s++)
                    {
                        _nacked.Set(s);
                        _nackedCount++;
                        if (reported < missing.Length) missing[reported++] = (ushort)s;
                    }
                }
            }
            _highest = ext;
            Accept(ext, trailer, retransmission, nowMicros, wasNacked: false);
            return reported;
        }

        if (ext < _base || _highest - ext >= SequenceWindow.Size || _seen.Get(ext))
        {
            _duplicates++;
            return 0;
        }
        bool nacked = _nacked.Get(ext);
        if (nacked) _nackAnswered++;
        Accept(ext, trailer, retransmission, nowMicros, nacked);
        return 0;
    }

    private void Accept(long ext, in ProbeTrailer trailer, bool retransmission, long nowMicros, bool wasNacked)
    {
        _seen.Set(ext);
        _received++;
        // A repaired packet is late by design; its delay would measure the repair, not the forwarding.
        if (!retransmission && !wasNacked) Delay.Record(nowMicros - trailer.SendMicros);
        _frames?.OnPacket(trailer.Frame, trailer.PacketIndex, trailer.PacketCount);
    }
}
