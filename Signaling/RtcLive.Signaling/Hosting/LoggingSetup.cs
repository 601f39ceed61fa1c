using RtcLive.Sfu.Node;

namespace RtcLive.Signaling.Hosting;

public static class LoggingSetup
{
    /// <summary>Console logs, as JSON lines when <c>RtcLive:Logging:Json</c> is true (for log shippers).</summary>
    public static WebApplicationBuilder AddRtcLiveLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.AddRtcLiveConsole(builder.Configuration);
        return builder;
    }
}
