using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RtcLive.Signaling.Classroom;

public static class ClassroomServices
{
    /// <summary>The classroom's state (hands, chat, removals, ended classes) and the chat's rate limit.</summary>
    public static WebApplicationBuilder AddClassroom(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClassroomOptions>()
            .Bind(builder.Configuration.GetSection(ClassroomOptions.Section))
            .Validate(o => o.ChatHistory >= 0 && o.MaxChatLength > 0 && o.ChatBurst > 0 && o.ChatPermits > 0 && o.MaxRooms > 0,
                $"{ClassroomOptions.Section} limits must be positive")
            .ValidateOnStart();
        // A cluster registers the Redis store first (MediaServices): every signaling instance sees the same class.
        builder.Services.TryAddSingleton<IClassroomStore, InMemoryClassroomStore>();
        builder.Services.TryAddSingleton<RtcLive.Signaling.Audience.IAudienceStore, RtcLive.Signaling.Audience.InMemoryAudienceStore>();
        builder.Services.AddSingleton<ChatRateLimiter>();
        builder.Services.AddSingleton<ClassroomAdmission>();
        return builder;
    }
}
