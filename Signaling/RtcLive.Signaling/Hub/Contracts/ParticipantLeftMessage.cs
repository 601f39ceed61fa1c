namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>A participant left the room; <paramref name="Reason"/> says why (left, connection closed, transport ended, …).</summary>
public sealed record ParticipantLeftMessage(ParticipantInfo Participant, string Reason);
