namespace RtcLive.Signaling.Hosting;

public static class LoggingSetup
{
    /// <summary>Console logs, as JSON lines when <c>RtcLive:Logging:Json</c> is true (for log shippers).</summary>
    public static WebApplicationBuilder AddRtcLiveLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Configuration.GetValue<bool>("RtcLive:Logging:Json"))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        return builder;
    }
}
