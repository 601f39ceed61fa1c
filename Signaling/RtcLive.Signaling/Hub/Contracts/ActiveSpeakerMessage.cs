namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>Who speaks loudest now; <paramref name="ParticipantId"/> is null in silence.</summary>
public sealed record ActiveSpeakerMessage(string? ParticipantId);
