namespace RtcLive.Signaling.Classroom;

/// <summary>A raised hand: who, and when (milliseconds since the Unix epoch), so hands are seen in the order raised.</summary>
public sealed record RaisedHand(string ParticipantId, long At);
