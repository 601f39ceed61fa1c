using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Classroom;

/// <summary>
/// The gate every entry into a room passes (hub, WHIP, WHEP): a removed identity stays out, and a token issued
/// before the class ended no longer opens it (a new class in the same room needs new tokens).
/// </summary>
public sealed class ClassroomAdmission(IClassroomStore classroom, TimeProvider time)
{
    /// <returns>Why the claims may not enter, or null when they may.</returns>
    public async Task<string?> RefusalAsync(RoomClaims claims, CancellationToken ct)
    {
        if (await classroom.IsRemovedAsync(claims.Room, claims.Identity, ct))
            return $"{claims.Name} was removed from this class and cannot join it again";
        if (await classroom.EndedAtAsync(claims.Room, ct) is { } endedAt
            && (claims.IssuedAt ?? time.GetUtcNow()).ToUnixTimeMilliseconds() <= endedAt)
            return "this class has ended";
        return null;
    }
}
