namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// Replay protection for one stream (RFC 3711 §3.3.2): remembers the highest authenticated index and which of the
/// <see cref="Size"/> indices below it have been seen. Older packets are rejected outright.
/// </summary>
/// <remarks>
/// 1024 rather than the RFC's minimum of 64, as libwebrtc uses: without RTX a NACKed packet is resent with its
/// original sequence number and can arrive hundreds of packets late on a high-rate video stream.
/// The bitmap is circular (bit = index mod Size), so moving the window forward clears only the skipped bits.
/// </remarks>
internal sealed class SrtpReplayWindow
{
    public const int Size = 1024;
    private const int Words = Size / 64;

    private readonly ulong[] _seen = new ulong[Words];
    private ulong _highest;
    private bool _started;

    /// <summary>False until the first index is accepted.</summary>
    public bool Started => _started;

    /// <summary>Highest accepted index; meaningful once <see cref="Started"/>.</summary>
    public ulong Highest => _highest;

    /// <summary>True when <paramref name="index"/> was already accepted or is too old to tell.</summary>
    public bool IsReplay(ulong index)
    {
        if (!_started || index > _highest)
            return false;
        if (_highest - index >= Size)
            return true;
        return (_seen[Word(index)] & Bit(index)) != 0;
    }

    /// <summary>Records an authenticated index, moving the window forward when it is the new highest.</summary>
    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
        }
        else if (index > _highest)
        {
            ulong advance = index - _highest;
            if (advance >= Size)
                Array.Clear(_seen);
            else
                ClearRange(_highest + 1, index);
            _highest = index;
        }
        _seen[Word(index)] |= Bit(index);
    }

    private void ClearRange(ulong from, ulong to)
    {
        for (ulong i = from; i <= to;)
        {
            if (i % 64 == 0 && to - i >= 63)
            {
                _seen[Word(i)] = 0;
                i += 64;
            }
            else
            {
                _seen[Word(i)] &= ~Bit(i);
                i++;
            }
        }
    }

    private static int Word(ulong index) => (int)(index / 64 % Words);

    private static ulong Bit(ulong index) => 1UL << (int)(index % 64);
}
