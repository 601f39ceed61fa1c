using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary><c>GetStats</c>' answer: the node the client's media goes through and what it receives.</summary>
public sealed record StatsResult(string Node, IReadOnlyList<ReceivedTrackStats> Tracks)
{
    public static StatsResult From(SfuParticipantStats stats)
    {
        var tracks = new List<ReceivedTrackStats>(stats.Tracks.Count);
        foreach (var t in stats.Tracks)
            tracks.Add(new ReceivedTrackStats(t.TrackId, t.ParticipantId, t.Source, t.Kind, t.Rid, t.PacketsSent, t.BytesSent));
        return new StatsResult(stats.NodeId, tracks);
    }
}

/// <summary>One received track, as the node forwards it.</summary>
/// <param name="Rid">The simulcast layer forwarded now (<c>q</c>, <c>h</c>, <c>f</c>); null without simulcast or before the first keyframe.</param>
public sealed record ReceivedTrackStats(string TrackId, string ParticipantId, string Source, string Kind, string? Rid, long PacketsSent, long BytesSent);
