namespace RtcLive.Signaling.Auth;

/// <summary>What a participant may do in a room (see DESIGN.md, Roles).</summary>
public enum RoomRole
{
    Viewer,
    Speaker,
    Presenter,
    Moderator,
}

/// <summary>The role names as they travel in tokens and URLs.</summary>
public static class RoomRoles
{
    public const string AllowedNames = "presenter, speaker, viewer, moderator";

    /// <summary>Case-insensitive; numbers and unknown names are refused (unlike <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/>).</summary>
    public static bool TryParse(string? value, out RoomRole role)
    {
        switch (value?.ToLowerInvariant())
        {
            case "viewer": role = RoomRole.Viewer; return true;
            case "speaker": role = RoomRole.Speaker; return true;
            case "presenter": role = RoomRole.Presenter; return true;
            case "moderator": role = RoomRole.Moderator; return true;
            default: role = default; return false;
        }
    }

    public static string ToName(this RoomRole role) => role switch
    {
        RoomRole.Viewer => "viewer",
        RoomRole.Speaker => "speaker",
        RoomRole.Presenter => "presenter",
        RoomRole.Moderator => "moderator",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a room role"),
    };

    /// <summary>Presenters, speakers and moderators send media; viewers only receive.</summary>
    public static bool MayPublish(this RoomRole role) => role != RoomRole.Viewer;
}
