using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using RtcLive.Signaling.Hubs.Contracts;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>
/// Messages the coverage-guided fuzzer (<c>./fuzz.sh signalr</c>) found to make SignalR's own parser throw something
/// other than InvalidDataException: a number out of Int32 range (FormatException) and a string that is not UTF-8
/// (InvalidOperationException). Sent raw over a WebSocket to the real hub, each must end only that connection, with
/// an error, while the hub keeps serving everyone else.
/// </summary>
public sealed class HostileHubMessageTests
{
    private const char RecordSeparator = '\u001e';
    private const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

    public static TheoryData<string, byte[]> Inputs => new()
    {
        { "handshake version beyond Int32", Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":11111111111111111}\u001e") },
        { "message type beyond Int32", Encoding.UTF8.GetBytes(Handshake + "{\"type\":99999999999999999999,\"target\":\"Join\",\"arguments\":[]}\u001e") },
        // In an argument, bad UTF-8 is a binding failure SignalR reports on the connection; in the target name it throws.
        { "method name that is not UTF-8", [.. Encoding.UTF8.GetBytes(Handshake + "{\"type\":1,\"target\":\"Pub"), 0xFF, .. "lish\",\"arguments\":[]}\u001e"u8] },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task A_message_SignalR_cannot_parse_ends_only_its_own_connection(string what, byte[] input)
    {
        await using var host = await SignalingTestHost.StartAsync();
        var bystander = await host.ConnectAsync("physics", null);
        await bystander.JoinAsync(new JoinRequest { Room = "physics", Name = "carol", Role = "viewer" });

        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(host.BaseAddress, "/hubs/room?room=physics")) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(SignalingTestHost.Timeout);
        await socket.ConnectAsync(uri, timeout.Token);
        // A text frame that is not UTF-8 never reaches SignalR (the WebSocket layer drops the connection); a binary frame
        // does, and SignalR's transport takes either.
        bool utf8 = Utf8.IsValid(input);
        await socket.SendAsync(input, utf8 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);

        // Everything the server says until it closes the socket: an error in the handshake response or a close message.
        var said = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) break;
            said.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        string reply = said.ToString();
        Assert.True(reply.Contains("\"error\"", StringComparison.Ordinal), $"{what}: the server closed without saying why: {reply}");
        Assert.DoesNotContain(reply.Split(RecordSeparator), m => m.Contains("\"type\":3", StringComparison.Ordinal) && m.Contains("\"result\"", StringComparison.Ordinal));

        // The hub goes on: the bystander's connection still answers, and a new participant joins.
        await bystander.JoinAsync(new JoinRequest { Room = "physics", Name = "carol", Role = "viewer" });
        var next = await host.ConnectAsync("physics", null);
        var joined = await next.JoinAsync(new JoinRequest { Room = "physics", Name = "dave", Role = "viewer" });
        Assert.Equal("dave", joined.Self.Id);
    }
}
