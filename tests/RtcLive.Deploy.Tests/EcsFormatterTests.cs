using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.Sfu.Node;

namespace RtcLive.Deploy.Tests;

/// <summary>The ECS formatter line by line: fields, labels from message properties and scopes, errors, secrets.</summary>
public sealed class EcsFormatterTests
{
    private static JsonObject Format(LogLevel level, string template, object?[] args, Exception? error = null, IEnumerable<KeyValuePair<string, object?>>? scope = null)
    {
        var formatter = new EcsConsoleFormatter(new EcsConsoleFormatterOptions
        {
            ServiceName = "rtclive-test", NodeName = "eu-9", Region = "eu", IncludeScopes = true, UseUtcTimestamp = true,
        });
        var state = new TemplateState(template, args);
        var scopes = new LoggerExternalScopeProvider();
        using var _ = scope is null ? null : scopes.Push(scope);
        var writer = new StringWriter();
        formatter.Write(new LogEntry<TemplateState>(level, "RtcLive.Test", new EventId(7, "joined"), state, error, (s, _) => s.ToString()), scopes, writer);
        string line = writer.ToString();
        Assert.EndsWith("\n", line);
        Assert.Single(line.TrimEnd('\n').Split('\n'));
        return JsonNode.Parse(line)!.AsObject();
    }

    [Fact]
    public void WritesEcsFieldsAndLabelsFromTheMessage()
    {
        var doc = Format(LogLevel.Information, "{Participant} joined room {Room} as {Role}", ["alice", "physics", "presenter"]);
        Assert.Equal("info", (string)doc["log.level"]!);
        Assert.Equal("alice joined room physics as presenter", (string)doc["message"]!);
        Assert.Equal("RtcLive.Test", (string)doc["log.logger"]!);
        Assert.Equal("rtclive-test", (string)doc["service.name"]!);
        Assert.Equal("eu-9", (string)doc["service.node.name"]!);
        Assert.Equal("joined", (string)doc["event.action"]!);
        Assert.Equal("physics", (string)doc["labels.room"]!);
        Assert.Equal("alice", (string)doc["labels.participant"]!);
        Assert.Equal("eu", (string)doc["labels.region"]!);
        Assert.EndsWith("+00:00", (string)doc["@timestamp"]!);
        Assert.True(DateTimeOffset.TryParse((string)doc["@timestamp"]!, out _));
    }

    [Fact]
    public void TakesRoomAndParticipantFromScopes()
    {
        var doc = Format(LogLevel.Warning, "transport ended: {Reason}", ["consent expired"],
            scope: [new("Room", "chemistry"), new("Participant", "bob"), new("Node", "us-1")]);
        Assert.Equal("warn", (string)doc["log.level"]!);
        Assert.Equal("chemistry", (string)doc["labels.room"]!);
        Assert.Equal("bob", (string)doc["labels.participant"]!);
        Assert.Equal("us-1", (string)doc["labels.node"]!);
        Assert.Equal("consent expired", (string)doc["labels.reason"]!);
    }

    [Fact]
    public void WritesErrorsAndNeverSecrets()
    {
        var doc = Format(LogLevel.Error, "call with {Token} to {Redis} failed", ["eyJhbGciOi.secret-jwt.sig", "redis:6379,password=hunter2"],
            new InvalidOperationException("boom with eyJhbGciOi.secret-jwt.sig"));
        string line = doc.ToJsonString();
        Assert.DoesNotContain("secret-jwt", line);
        Assert.DoesNotContain("hunter2", line);
        Assert.False(doc.ContainsKey("labels.token"));
        Assert.Equal("System.InvalidOperationException", (string)doc["error.type"]!);
        Assert.Contains("[redacted]", (string)doc["error.message"]!);
        Assert.Contains("InvalidOperationException", (string)doc["error.stack_trace"]!);
        Assert.Equal("redis:6379,password=[redacted]", (string)doc["labels.redis"]!);
    }

    [Fact]
    public void LabelNamesAreSnakeCase()
    {
        Assert.Equal("participant", EcsConsoleFormatter.LabelName("Participant"));
        Assert.Equal("room_id", EcsConsoleFormatter.LabelName("RoomId"));
        Assert.True(EcsConsoleFormatter.IsSecretName("AccessToken"));
        Assert.False(EcsConsoleFormatter.IsSecretName("Room"));
    }
}

/// <summary>A message template with its values, as ILogger's extension methods pass it to a formatter.</summary>
public sealed class TemplateState(string template, object?[] args) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _pairs = Pairs(template, args);

    private static List<KeyValuePair<string, object?>> Pairs(string template, object?[] args)
    {
        var names = System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
        var pairs = names.Select((n, i) => new KeyValuePair<string, object?>(n, args[i])).ToList();
        pairs.Add(new("{OriginalFormat}", template));
        return pairs;
    }

    public KeyValuePair<string, object?> this[int index] => _pairs[index];
    public int Count => _pairs.Count;
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _pairs.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        string text = template;
        foreach (var (key, value) in _pairs.Take(_pairs.Count - 1)) text = text.Replace("{" + key + "}", value?.ToString());
        return text;
    }
}
