namespace RtcLive.Signaling.Classroom;

/// <summary>One chat message as everyone in the room sees it. <see cref="Text"/> is plain text: clients never interpret it as HTML.</summary>
/// <param name="Id">Unique in the room, increasing.</param>
/// <param name="ParticipantId">The sender's identity.</param>
/// <param name="From">The sender's display name.</param>
/// <param name="At">When the server took it, milliseconds since the Unix epoch.</param>
public sealed record ChatMessage(long Id, string ParticipantId, string From, string Text, long At);
