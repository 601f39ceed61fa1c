namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>
/// The participant's SFU node is gone (killed, draining, lost): join again at once, telling signaling to avoid
/// <paramref name="AvoidNode"/>; placement puts the participant on a healthy node.
/// </summary>
public sealed record RejoinMessage(string Room, string AvoidNode, string Reason);
