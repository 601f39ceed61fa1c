namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// One simulcast stream of an <c>a=simulcast</c> list: the rids that are alternatives for it, separated by commas
/// (<c>h1,h2</c>); almost always just one.
/// </summary>
public sealed class SimulcastStream
{
    public SimulcastStream(IEnumerable<SimulcastRid>? alternatives = null)
    {
        if (alternatives is not null) Alternatives.AddRange(alternatives);
    }

    public List<SimulcastRid> Alternatives { get; } = [];

    public SimulcastStream Clone() => new(Alternatives);

    public override string ToString() => string.Join(',', Alternatives);
}
