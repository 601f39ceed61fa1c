namespace RtcLive.Sfu.Rooms;

/// <summary>What a participant may do in a room; enforced by the SFU as well as by signaling.</summary>
public enum ParticipantRole
{
    Viewer,
    Speaker,
    Presenter,
    Moderator,
}

public static class ParticipantRoles
{
    /// <summary>Viewers only watch; everyone else may publish.</summary>
    public static bool CanPublish(this ParticipantRole role) => role != ParticipantRole.Viewer;

    public static string ToWire(this ParticipantRole role) => role switch
    {
        ParticipantRole.Viewer => "viewer",
        ParticipantRole.Speaker => "speaker",
        ParticipantRole.Presenter => "presenter",
        _ => "moderator",
    };

    public static bool TryParse(string? text, out ParticipantRole role)
    {
        switch (text?.ToLowerInvariant())
        {
            case "viewer": role = ParticipantRole.Viewer; return true;
            case "speaker": role = ParticipantRole.Speaker; return true;
            case "presenter": role = ParticipantRole.Presenter; return true;
            case "moderator": role = ParticipantRole.Moderator; return true;
            default: role = default; return false;
        }
    }
}
