using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Ice;

public static class TurnServices
{
    /// <summary><see cref="TurnOptions"/> from <c>RtcLive:Turn</c>, checked at start, and <see cref="TurnCredentials"/>.</summary>
    public static WebApplicationBuilder AddTurn(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TurnOptions>().Bind(builder.Configuration.GetSection(TurnOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TurnOptions>, TurnOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TurnCredentials>();
        return builder;
    }
}
