namespace RtcLive.WebRtc.Sdp;

/// <summary>Small text checks shared by the SDP readers.</summary>
internal static class SdpText
{
    private const int ShownLength = 60;

    private static readonly char[] Whitespace = [' ', '\t'];

    /// <summary>Splits on runs of spaces and tabs.</summary>
    public static string[] Words(string text) => text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits off the first word: <c>"96 apt=97"</c> gives <c>"96"</c> and <c>"apt=97"</c> (rest trimmed, maybe empty).</summary>
    public static (string First, string Remainder) FirstWord(string text)
    {
        string trimmed = text.Trim(Whitespace);
        int space = trimmed.IndexOfAny(Whitespace);
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..].Trim(Whitespace));
    }

    public static bool HasWhitespace(string text) => text.IndexOfAny(Whitespace) >= 0;

    /// <summary>
    /// SDP text is UTF-8 without control characters (RFC 8866 §5); a NUL or a lone CR inside a line is either
    /// corruption or an attempt to smuggle something past a log, so it is refused.
    /// </summary>
    public static void RejectControlCharacters(int n, ReadOnlySpan<char> value)
    {
        foreach (char c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
                throw new SdpParseException(n, $"the line contains control character 0x{(int)c:X2}");
        }
    }

    /// <summary>Input quoted in an error message: shortened, control characters replaced.</summary>
    public static string Show(ReadOnlySpan<char> text)
    {
        bool shortened = text.Length > ShownLength;
        if (shortened) text = text[..ShownLength];
        Span<char> copy = stackalloc char[text.Length];
        for (int i = 0; i < text.Length; i++)
            copy[i] = text[i] < 0x20 || text[i] == 0x7F ? '?' : text[i];
        return shortened ? new string(copy) + "..." : new string(copy);
    }
}
