namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=rid</c> attribute (RFC 8851), e.g. <c>a=rid:h send</c> or
/// <c>a=rid:f send pt=96;max-width=1280;max-height=720</c>: one RTP stream of a media section identified by its
/// RtpStreamId, usually a simulcast layer, with optional payload types and restrictions.
/// </summary>
public sealed class RidDescription
{
    public RidDescription(string id, RidDirection direction)
    {
        Id = id;
        Direction = direction;
    }

    public string Id { get; set; }

    public RidDirection Direction { get; set; }

    /// <summary>The <c>pt=</c> restriction: payload types this stream may use; empty means any.</summary>
    public List<int> PayloadTypes { get; } = [];

    /// <summary>Restrictions other than <c>pt</c> (<c>max-width</c>, <c>max-fps</c>, <c>max-br</c>...), in order.</summary>
    public SdpParameters Restrictions { get; set; } = new();

    /// <summary>RFC 8851 §10: a rid is one or more letters, digits, <c>-</c> or <c>_</c>.</summary>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty) return false;
        foreach (char c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        return true;
    }

    public RidDescription Clone()
    {
        var copy = new RidDescription(Id, Direction) { Restrictions = Restrictions.Clone() };
        copy.PayloadTypes.AddRange(PayloadTypes);
        return copy;
    }

    public override string ToString()
    {
        string direction = Direction == RidDirection.Send ? "send" : "recv";
        var parts = new List<string>();
        if (PayloadTypes.Count > 0) parts.Add("pt=" + string.Join(',', PayloadTypes));
        if (Restrictions.Count > 0) parts.Add(Restrictions.ToString());
        return parts.Count == 0 ? $"{Id} {direction}" : $"{Id} {direction} {string.Join(';', parts)}";
    }
}
