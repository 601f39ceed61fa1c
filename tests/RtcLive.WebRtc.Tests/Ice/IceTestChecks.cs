using System.Net;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Stun;
using RtcLive.WebRtc.Tests.Stun;

namespace RtcLive.WebRtc.Tests.Ice;

/// <summary>Hand-built connectivity checks and answers, for poking the responder and agent directly.</summary>
internal static class IceTestChecks
{
    public static readonly IceCredentials Server = new("srvA", "serverpassword0123456789");
    public static readonly IceCredentials ClientCredentials = new("cli1", "clientpassword0123456789");
    public static readonly IPEndPoint ClientEndPoint = new(IPAddress.Parse("192.168.1.2"), 50000);
    public static readonly IPEndPoint ServerEndPoint = new(IPAddress.Parse("10.0.0.1"), 3478);

    /// <summary>A check as Chrome (controlling) sends to an ICE-lite server.</summary>
    public static byte[] Check(
        string username = "srvA:cli1",
        string? password = "serverpassword0123456789",
        bool useCandidate = true,
        bool controlled = false,
        bool fingerprint = true,
        ushort? extraAttribute = null)
    {
        return StunTestMessages.Build((ref StunMessageWriter w) =>
        {
            if (username.Length > 0) w.WriteUsername(System.Text.Encoding.ASCII.GetBytes(username));
            w.WritePriority(1845501695);
            if (controlled) w.WriteIceControlled(42);
            else w.WriteIceControlling(0x1122334455667788);
            if (useCandidate) w.WriteUseCandidate();
            if (extraAttribute is ushort type) w.WriteAttribute((StunAttributeType)type, [0, 0, 0, 0]);
            if (password is not null) w.WriteMessageIntegrity(System.Text.Encoding.ASCII.GetBytes(password));
            if (fingerprint) w.WriteFingerprint();
        });
    }

    /// <summary>An answer to a transaction of the agent's, as an ICE-lite server would send it.</summary>
    public static byte[] Answer(ReadOnlySpan<byte> request, IPEndPoint mapped, string password = "serverpassword0123456789",
        int? errorCode = null)
    {
        Assert.True(StunMessageReader.TryParse(request, out var message));
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer,
            errorCode is null ? StunMessageType.BindingSuccessResponse : StunMessageType.BindingErrorResponse,
            message.TransactionId);
        if (errorCode is int code) writer.WriteErrorCode(code, StunErrorCode.ReasonPhrase(code));
        else writer.WriteXorMappedAddress(mapped);
        writer.WriteMessageIntegrity(System.Text.Encoding.ASCII.GetBytes(password));
        writer.WriteFingerprint();
        return buffer[..writer.Length];
    }

    public static IceCandidate ServerCandidate(string address = "10.0.0.1", int port = 3478, IceCandidateType type = IceCandidateType.Host,
        uint priority = 2130706431) =>
        new() { Foundation = "1", Priority = priority, Address = address, Port = port, Type = type };
}
