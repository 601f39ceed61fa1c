using System.Buffers;
using System.IO;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// What a client sends on <c>/hubs/room</c>: record-separated JSON hub messages, read by the JSON hub protocol with the
/// options the hub runs with (SignalR's defaults: the hub configures none) and bound to <see cref="RoomHub"/>'s own
/// parameter types (JoinRequest, PublishRequest, strings). Then every check our hub makes on an argument before
/// anything else sees it: names, roles, the room token (a signed JWT: the parser an attacker reaches without any
/// credentials), the published tracks and SDP, chat text. The protocol may refuse input (see
/// <see cref="IsProtocolRefusal"/>; SignalR closes that connection); anything else escaping is a finding.
/// </summary>
public static class SignalRTarget
{
    private static readonly JsonHubProtocol Protocol = new();
    private static readonly RoomHubBinder Binder = new();
    private static readonly RoomTokenService Tokens = new(Options.Create(new TokenOptions
    {
        Secret = "fuzzing-secret-fuzzing-secret-0123456789",
        Issuer = "rtclive",
    }), new FixedTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    /// <summary>A token valid at the target's fixed time, for the seed corpus: the fuzzer starts from a good signature.</summary>
    public static string SeedToken(string room) => Tokens.Issue(new RoomClaims(room, "alice", "Alice", RoomRole.Presenter), TimeSpan.FromDays(365));

    /// <summary>Whether the target's token service takes <paramref name="token"/> for <paramref name="room"/>.</summary>
    public static bool AcceptsToken(string token, string room) => Tokens.TryValidate(token, room, out _, out _);

    public static void Run(ReadOnlySpan<byte> input)
    {
        var buffer = new ReadOnlySequence<byte>(input.ToArray());
        // A connection opens with the handshake ({"protocol":"json","version":1}); an input that starts with a
        // protocol name is read as one, the rest as hub messages, as the server does.
        if (input.IndexOf("\"protocol\""u8) is >= 0 and < 8)
        {
            try
            {
                if (!HandshakeProtocol.TryParseRequestMessage(ref buffer, out var handshake)) return;
                _ = handshake.Protocol.Length + handshake.Version;
            }
            catch (Exception ex) when (IsProtocolRefusal(ex))
            {
                return;
            }
        }
        while (true)
        {
            HubMessage? message;
            try
            {
                if (!Protocol.TryParseMessage(ref buffer, Binder, out message)) return;
            }
            catch (Exception ex) when (IsProtocolRefusal(ex))
            {
                return;
            }
            if (message is HubMethodInvocationMessage invocation) Check(invocation.Target, invocation.Arguments);
        }
    }

    /// <summary>
    /// How SignalR's handshake and JSON protocol refuse a malformed message (the server then answers with an error and
    /// closes that connection; HostileHubMessageTests checks it against the real hub): InvalidDataException for the
    /// framing and message shape, JsonException for bad JSON, and, found by this target, FormatException from
    /// System.Text.Json for a number out of Int32 range ("type", "version") and InvalidOperationException for a target
    /// name or invocation id that is not valid UTF-8 (in an argument it is a binding failure instead). Any other exception
    /// out of SignalR's parser is a finding.
    /// </summary>
    private static bool IsProtocolRefusal(Exception ex) =>
        ex is InvalidDataException or JsonException
        || (ex is FormatException && ex.Message.Contains("Int32", StringComparison.Ordinal))
        || (ex is InvalidOperationException && ex.Message.Contains("UTF-8", StringComparison.Ordinal));

    private static void Check(string method, object?[] arguments)
    {
        switch (method.ToLowerInvariant())
        {
            case "join" when arguments is [JoinRequest join]:
                CheckJoin(join);
                break;
            case "publish" when arguments is [PublishRequest publish]:
                foreach (var track in publish.Tracks ?? [])
                    if (track is not null) _ = track.Mid?.Length + track.Source?.Length;
                CheckSdp(publish.Sdp);
                break;
            case "answersubscription" when arguments is [string sdp]:
                CheckSdp(sdp);
                break;
            case "chat" when arguments is [string text]:
                if (ChatText.TryNormalize(text, 1000, out string normalized, out _) && (normalized.Length == 0 || normalized.Length > text.Length))
                    throw new PropertyViolationException("normalized chat text must be non-empty and no longer than the original");
                break;
        }
    }

    private static void CheckJoin(JoinRequest join)
    {
        if (!PrintableName.TryValidate(join.Room, "room", out _)) return;
        if (!string.IsNullOrWhiteSpace(join.Token))
        {
            if (Tokens.TryValidate(join.Token.Trim(), join.Room!, out var claims, out string error))
            {
                if (claims.Room != join.Room) throw new PropertyViolationException("a token was accepted for another room");
            }
            else if (error.Length == 0) throw new PropertyViolationException("a refused token must say why");
            return;
        }
        PrintableName.TryValidate(join.Name, "name", out _);
        RoomRoles.TryParse(join.Role, out _);
    }

    private static void CheckSdp(string? sdp)
    {
        if (string.IsNullOrWhiteSpace(sdp)) return;
        try
        {
            SdpParser.Parse(sdp);
        }
        catch (SdpParseException)
        {
        }
    }

    /// <summary>Binds invocations the way the hub's dispatcher does: the parameter types of RoomHub's public methods.</summary>
    private sealed class RoomHubBinder : IInvocationBinder
    {
        private readonly Dictionary<string, Type[]> _methods = new(StringComparer.OrdinalIgnoreCase);

        public RoomHubBinder()
        {
            foreach (var method in typeof(RoomHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                if (!method.IsSpecialName && method.Name != nameof(Hub.OnDisconnectedAsync))
                    _methods[method.Name] = method.GetParameters().Select(p => p.ParameterType).ToArray();
        }

        public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
            _methods.TryGetValue(methodName, out var types) ? types : throw new HubException($"Method '{methodName}' does not exist.");

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
