using System.Diagnostics.CodeAnalysis;

namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Reads SDP text as browsers and WHIP clients write it into a <see cref="SessionDescription"/>.
/// <para>
/// Liberal where real clients differ (LF or CRLF line ends, blank lines, trailing spaces, session- or media-level
/// ICE/DTLS attributes, missing <c>s=</c>/<c>t=</c>, static payload types without rtpmap, attributes it does not
/// know), strict where a value it relies on is malformed: a missing <c>v=</c>, a bad <c>m=</c> line, a
/// non-numeric port, payload type, SSRC or extmap id, a media section without a connection line. Every such
/// problem is reported as an <see cref="SdpParseException"/> naming the line; no other exception escapes for any
/// input. Size and line-count limits keep hostile input cheap.
/// </para>
/// </summary>
public static class SdpParser
{
    /// <summary>Longest accepted description, in characters. A Chrome offer with audio, simulcast video and data is about 6 KB.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Most lines accepted, counting blank ones.</summary>
    public const int MaxLines = 4096;

    /// <summary>Most m-lines accepted.</summary>
    public const int MaxMediaSections = 256;

    /// <summary>Parses <paramref name="sdp"/>; throws <see cref="SdpParseException"/> when it is malformed.</summary>
    public static SessionDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        if (sdp.Length > MaxLength)
            throw new SdpParseException(0, $"the description is {sdp.Length} characters long; at most {MaxLength} are accepted");

        var reader = new SdpDocumentReader();
        int lineNumber = 0;
        int position = 0;
        while (position < sdp.Length)
        {
            int newline = sdp.IndexOf('\n', position);
            int end = newline < 0 ? sdp.Length : newline;
            lineNumber++;
            if (lineNumber > MaxLines)
                throw new SdpParseException(lineNumber, $"too many lines; at most {MaxLines} are accepted");

            ReadOnlySpan<char> line = sdp.AsSpan(position, end - position);
            position = end + 1;
            if (line.EndsWith('\r')) line = line[..^1];
            line = line.TrimEnd(" \t");
            if (line.IsEmpty) continue;
            reader.ReadLine(lineNumber, line);
        }
        return reader.Finish(lineNumber);
    }

    /// <summary>Parses <paramref name="sdp"/>, or returns false with the reason in <paramref name="error"/>.</summary>
    public static bool TryParse(
        string sdp,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpParseException? error)
    {
        try
        {
            description = Parse(sdp);
            error = null;
            return true;
        }
        catch (SdpParseException ex)
        {
            description = null;
            error = ex;
            return false;
        }
    }
}
