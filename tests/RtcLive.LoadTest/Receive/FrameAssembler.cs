using System.Numerics;

namespace RtcLive.LoadTest.Receive;

/// <summary>
/// Counts video frames whose every packet arrived (by the packet index and count each trailer carries), allowing
/// packets of the last <see cref="Slots"/> frames to arrive late — retransmissions complete frames too.
/// </summary>
internal sealed class FrameAssembler
{
    private const int Slots = 32;
    private readonly long[] _frame = new long[Slots];
    private readonly ulong[] _mask = new ulong[Slots];
    private readonly bool[] _done = new bool[Slots];
    private long _newest = -1;

    public FrameAssembler() => Array.Fill(_frame, -1);

    public long Completed { get; private set; }

    /// <summary>Frames from the first one seen to the newest: what should have been completed.</summary>
    public long Started { get; private set; }

    public void OnPacket(long frame, int index, int count)
    {
        if (_newest >= 0 && frame <= _newest - Slots) return; // too late to count
        if (_newest < 0) Started = 1;
        else if (frame > _newest) Started += frame - _newest;
        if (frame > _newest) _newest = frame;

        int slot = (int)(frame % Slots);
        if (_frame[slot] != frame)
        {
            _frame[slot] = frame;
            _mask[slot] = 0;
            _done[slot] = false;
        }
        _mask[slot] |= 1UL << Math.Min(index, 63);
        if (!_done[slot] && BitOperations.PopCount(_mask[slot]) >= count)
        {
            _done[slot] = true;
            Completed++;
        }
    }
}
