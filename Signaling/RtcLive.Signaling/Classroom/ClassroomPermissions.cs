using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Classroom;

/// <summary>
/// Who may do what to others. The stage (bringing a student on and off, muting a speaker, lowering a hand) is run
/// by presenters and moderators; removing people and ending the class is for moderators alone.
/// </summary>
public static class ClassroomPermissions
{
    public static bool MayManageStage(this RoomRole role) => role is RoomRole.Presenter or RoomRole.Moderator;

    public static bool MayModerate(this RoomRole role) => role == RoomRole.Moderator;
}
