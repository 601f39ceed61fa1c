using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace RtcLive.Sfu.Node;

/// <summary>Who writes the log lines: the ECS <c>service.*</c> fields of every line.</summary>
public sealed class EcsConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary><c>service.name</c>: rtclive-signaling, rtclive-sfu, rtclive-hls.</summary>
    public string ServiceName { get; set; } = "rtclive";

    /// <summary><c>service.node.name</c>: the SFU node's id, or the host name.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary><c>labels.region</c> on every line when set.</summary>
    public string Region { get; set; } = "";
}

/// <summary>
/// One JSON object per line with Elastic Common Schema field names (ecs-logging: dotted top-level keys), so
/// Logstash and Elasticsearch take the lines without mapping work: <c>@timestamp</c>, <c>log.level</c>,
/// <c>message</c>, <c>log.logger</c>, <c>event.action</c>, <c>error.type</c>/<c>error.message</c>/<c>error.stack_trace</c>,
/// <c>service.name</c>, <c>service.node.name</c>, <c>process.pid</c>, and the structured properties of the message
/// and of its scopes as <c>labels.*</c> (<c>{Room}</c> → <c>labels.room</c>, <c>{Participant}</c> →
/// <c>labels.participant</c>, <c>{Node}</c> → <c>labels.node</c>). A property whose name says it holds a secret
/// (token, secret, password, authorization) is never written, and its value is masked in the message.
/// </summary>
public sealed partial class EcsConsoleFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "rtclive-ecs";
    public const string EcsVersion = "8.11.0";

    private readonly IDisposable? _reload;
    private EcsConsoleFormatterOptions _options;

    public EcsConsoleFormatter(IOptionsMonitor<EcsConsoleFormatterOptions> options) : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    /// <summary>For tests and tools: a formatter with fixed options.</summary>
    public EcsConsoleFormatter(EcsConsoleFormatterOptions options) : base(FormatterName) => _options = options;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string? message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null) return;
        var options = _options;

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? secrets = null;
        if (!string.IsNullOrEmpty(options.Region)) labels["region"] = options.Region;
        if (options.IncludeScopes && scopeProvider is not null)
        {
            var scopes = new ScopeState(labels);
            scopeProvider.ForEachScope((scope, state) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs) AddLabels(pairs, state.Labels, ref state.Secrets);
            }, scopes);
            secrets = scopes.Secrets;
        }
        if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> properties) AddLabels(properties, labels, ref secrets);
        message = Mask(message ?? "", secrets);

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("@timestamp", (options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz"));
            json.WriteString("log.level", LevelName(logEntry.LogLevel));
            json.WriteString("message", message);
            json.WriteString("log.logger", logEntry.Category);
            if (logEntry.EventId.Name is { Length: > 0 } action) json.WriteString("event.action", action);
            if (logEntry.EventId.Id != 0) json.WriteString("event.code", logEntry.EventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("service.name", options.ServiceName);
            json.WriteString("service.node.name", options.NodeName);
            json.WriteNumber("process.pid", Environment.ProcessId);
            json.WriteString("ecs.version", EcsVersion);
            if (logEntry.Exception is { } ex)
            {
                json.WriteString("error.type", ex.GetType().FullName);
                json.WriteString("error.message", Mask(ex.Message, secrets));
                json.WriteString("error.stack_trace", Mask(ex.ToString(), secrets));
            }
            foreach (var (key, value) in labels) json.WriteString("labels." + key, Mask(value, secrets));
            json.WriteEndObject();
        }
        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private sealed class ScopeState(Dictionary<string, string> labels)
    {
        public Dictionary<string, string> Labels { get; } = labels;
        public List<string>? Secrets;
    }

    private static void AddLabels(IEnumerable<KeyValuePair<string, object?>> pairs, Dictionary<string, string> labels, ref List<string>? secrets)
    {
        foreach (var (key, value) in pairs)
        {
            if (key == "{OriginalFormat}" || string.IsNullOrEmpty(key)) continue;
            string text = value switch
            {
                null => "",
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
            if (IsSecretName(key))
            {
                if (text.Length > 0) (secrets ??= []).Add(text);
                continue;
            }
            labels[LabelName(key)] = text;
        }
    }

    /// <summary>Property names that hold credentials: such values are never written.</summary>
    public static bool IsSecretName(string name) =>
        name.Contains("token", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("authorization", StringComparison.OrdinalIgnoreCase);

    private static string Mask(string text, List<string>? secrets)
    {
        if (secrets is not null)
            foreach (string secret in secrets) text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        // Credentials inside connection strings and URLs (a Redis address with password=…, a query's access_token=…).
        if (text.Contains('=')) text = CredentialAssignment().Replace(text, "$1=[redacted]");
        return text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(password|pwd|access_token|token|secret)=([^,;&\s""]+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex CredentialAssignment();

    /// <summary>ECS labels are keywords named in snake case: <c>Participant</c> → <c>participant</c>, <c>RoomId</c> → <c>room_id</c>.</summary>
    public static string LabelName(string key)
    {
        var name = new StringBuilder(key.Length + 4);
        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name.Length > 0 && name[^1] != '_') name.Append('_');
                name.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsLetterOrDigit(c)) name.Append(c);
            else if (name.Length > 0 && name[^1] != '_') name.Append('_');
        }
        return name.ToString();
    }

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

    public void Dispose() => _reload?.Dispose();
}
