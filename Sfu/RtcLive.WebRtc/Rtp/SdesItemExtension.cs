namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Reads the RFC 7941 "SDES item" header extensions: mid, rid and repaired rid. Their value is ASCII text;
/// a sender may pad it with zero bytes, so the text ends at the first zero, as libwebrtc reads it.
/// Compare with <see cref="System.Text.Ascii.Equals(ReadOnlySpan{byte}, ReadOnlySpan{char})"/> to avoid a string.
/// </summary>
public static class SdesItemExtension
{
    /// <summary>False when the value is empty or starts with a zero byte.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> ascii)
    {
        int end = value.IndexOf((byte)0);
        ascii = end < 0 ? value : value.Slice(0, end);
        return !ascii.IsEmpty;
    }
}
