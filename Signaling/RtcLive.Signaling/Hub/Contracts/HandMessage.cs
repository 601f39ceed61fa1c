namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>A hand went up or down. <paramref name="At"/> is when it was raised (ms since the epoch), for ordering.</summary>
public sealed record HandMessage(string ParticipantId, bool Raised, long At);
