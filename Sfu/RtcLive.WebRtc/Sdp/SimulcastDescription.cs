namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=simulcast</c> attribute (RFC 8853), e.g. <c>a=simulcast:send q;h;f</c>: the streams the writer sends
/// and/or receives, each named by rid, in the order of the list (semicolons separate streams).
/// </summary>
public sealed class SimulcastDescription
{
    public List<SimulcastStream> Send { get; } = [];

    public List<SimulcastStream> Recv { get; } = [];

    /// <summary>The description the other side writes for the same streams: send and receive lists swapped.</summary>
    public SimulcastDescription Reversed()
    {
        var reversed = new SimulcastDescription();
        foreach (var stream in Recv) reversed.Send.Add(stream.Clone());
        foreach (var stream in Send) reversed.Recv.Add(stream.Clone());
        return reversed;
    }

    public override string ToString()
    {
        var parts = new List<string>(2);
        if (Send.Count > 0) parts.Add("send " + string.Join(';', Send));
        if (Recv.Count > 0) parts.Add("recv " + string.Join(';', Recv));
        return string.Join(' ', parts);
    }
}
