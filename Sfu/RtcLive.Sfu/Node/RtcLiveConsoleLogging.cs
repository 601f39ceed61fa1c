using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace RtcLive.Sfu.Node;

/// <summary>The one log format of every RtcLive process (signaling, SFU node, HLS worker), so a log shipper reads them alike.</summary>
public static class RtcLiveConsoleLogging
{
    /// <summary>
    /// Console logs; with <c>RtcLive:Logging:Json</c> true, one JSON object per line with ECS field names
    /// (<see cref="EcsConsoleFormatter"/>) for Logstash/Elasticsearch. <c>RtcLive:Logging:Service</c> names the
    /// service (default from the program: rtclive-signaling, rtclive-sfu, …).
    /// </summary>
    public static ILoggingBuilder AddRtcLiveConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        if (configuration.GetValue<bool>("RtcLive:Logging:Json"))
        {
            string service = configuration["RtcLive:Logging:Service"] is { Length: > 0 } named ? named : DefaultServiceName();
            // An SFU node or an HLS worker names itself in the cluster; signaling goes by its machine.
            string node = configuration["RtcLive:Node:Id"] is { Length: > 0 } id ? id
                : configuration["RtcLive:HlsWorker:Id"] is { Length: > 0 } worker ? worker : Environment.MachineName;
            string region = configuration["RtcLive:Node:Region"] is { Length: > 0 } nodeRegion ? nodeRegion
                : configuration["RtcLive:HlsWorker:Region"] is { Length: > 0 } workerRegion ? workerRegion : configuration["RtcLive:Region"] ?? "";
            logging.AddConsole(o => o.FormatterName = EcsConsoleFormatter.FormatterName);
            logging.AddConsoleFormatter<EcsConsoleFormatter, EcsConsoleFormatterOptions>(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.ServiceName = service;
                o.NodeName = node;
                o.Region = region;
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

    /// <summary>rtclive-signaling for RtcLive.Signaling, rtclive-sfu for RtcLive.SfuNode.</summary>
    public static string DefaultServiceName()
    {
        string? name = Assembly.GetEntryAssembly()?.GetName().Name;
        if (string.IsNullOrEmpty(name) || !name.StartsWith("RtcLive.", StringComparison.Ordinal)) return "rtclive";
        string rest = name["RtcLive.".Length..];
        return "rtclive-" + (rest == "SfuNode" ? "sfu" : rest.ToLowerInvariant().Replace('.', '-'));
    }
}
