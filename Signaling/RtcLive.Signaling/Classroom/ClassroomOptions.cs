namespace RtcLive.Signaling.Classroom;

/// <summary>Limits of the classroom features (chat, hands, kept state), bound from <c>RtcLive:Classroom</c>.</summary>
public sealed class ClassroomOptions
{
    public const string Section = "RtcLive:Classroom";

    /// <summary>Chat messages kept per room for late joiners.</summary>
    public int ChatHistory { get; set; } = 100;

    /// <summary>Longest chat message, in characters.</summary>
    public int MaxChatLength { get; set; } = 1000;

    /// <summary>Chat messages one participant may send in a burst…</summary>
    public int ChatBurst { get; set; } = 5;

    /// <summary>…and per <see cref="ChatWindow"/> after it.</summary>
    public int ChatPermits { get; set; } = 5;

    public TimeSpan ChatWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rooms whose state (chat, removals, an ended class) is kept; the least recently used go first.</summary>
    public int MaxRooms { get; set; } = 10_000;
}
