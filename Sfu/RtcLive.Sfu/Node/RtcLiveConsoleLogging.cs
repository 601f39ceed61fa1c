using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace RtcLive.Sfu.Node;

/// <summary>The one log format of every RtcLive process (signaling, SFU node, HLS worker), so a log shipper reads them alike.</summary>
public static class RtcLiveConsoleLogging
{
    /// <summary>Console logs, as JSON lines when <c>RtcLive:Logging:Json</c> is true (for log shippers).</summary>
    public static ILoggingBuilder AddRtcLiveConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        if (configuration.GetValue<bool>("RtcLive:Logging:Json"))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        return logging;
    }
}
