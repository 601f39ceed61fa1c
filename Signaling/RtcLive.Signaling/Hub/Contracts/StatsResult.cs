using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary><c>GetStats</c>' answer: the node the client's media goes through and what it receives.</summary>
/// <param name="Join">The node's side of the caller's join: each step and when (Unix ms, the node's clock), in order.</param>
public sealed record StatsResult(string Node, IReadOnlyList<ReceivedTrackStats> Tracks, IReadOnlyList<JoinStepInfo> Join)
{
    public static StatsResult From(SfuParticipantStats stats)
    {
        var tracks = new List<ReceivedTrackStats>(stats.Tracks.Count);
        foreach (var t in stats.Tracks)
            tracks.Add(new ReceivedTrackStats(t.TrackId, t.ParticipantId, t.Source, t.Kind, t.Rid, t.PacketsSent, t.BytesSent));
        var join = new List<JoinStepInfo>(stats.Join?.Count ?? 0);
        foreach (var step in stats.Join ?? []) join.Add(new JoinStepInfo(step.Step, step.UnixMs));
        return new StatsResult(stats.NodeId, tracks, join);
    }
}

/// <summary>One received track, as the node forwards it.</summary>
/// <param name="Rid">The simulcast layer forwarded now (<c>q</c>, <c>h</c>, <c>f</c>); null without simulcast or before the first keyframe.</param>
public sealed record ReceivedTrackStats(string TrackId, string ParticipantId, string Source, string Kind, string? Rid, long PacketsSent, long BytesSent);

/// <summary>One step of the caller's join on its node: its name and when it happened (Unix ms).</summary>
public sealed record JoinStepInfo(string Step, long At);
