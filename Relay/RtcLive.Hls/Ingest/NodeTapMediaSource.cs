using RtcLive.Sfu.Node;

namespace RtcLive.Hls.Ingest;

/// <summary>The embedded node as the media source: a tap per room, attached through the node's tap registry.</summary>
public sealed class NodeTapMediaSource(SfuNode node) : IHlsMediaSource
{
    public IDisposable Open(string room, ClassMediaIngest ingest) => node.Taps.Attach(room, new ClassLeadTap(ingest));
}
