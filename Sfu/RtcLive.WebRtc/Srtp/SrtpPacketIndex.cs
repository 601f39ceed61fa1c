namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// Packet index estimation (RFC 3711 §3.3.1 and Appendix A): the 48-bit index ROC·2^16 + SEQ of a packet is
/// guessed from its 16-bit sequence number and the highest index seen so far, so the guess rolls the ROC forward
/// after a wrap (65535 → 0) and back for a late packet from before the wrap.
/// </summary>
internal static class SrtpPacketIndex
{
    /// <summary>
    /// Estimates the index of <paramref name="sequenceNumber"/> given the highest index so far. False when the guess
    /// falls before index 0 or past a 32-bit ROC (the stream must be re-keyed then).
    /// </summary>
    public static bool TryEstimate(ulong highestIndex, ushort sequenceNumber, out ulong index)
    {
        long roc = (long)(highestIndex >> 16);
        int highestSeq = (int)(highestIndex & 0xFFFF);
        int seq = sequenceNumber;
        long guess;
        if (highestSeq < 32768)
            guess = seq - highestSeq > 32768 ? roc - 1 : roc;
        else
            guess = highestSeq - 32768 > seq ? roc + 1 : roc;

        if (guess < 0 || guess > uint.MaxValue)
        {
            index = 0;
            return false;
        }
        index = ((ulong)guess << 16) | (uint)seq;
        return true;
    }
}
