using System.Net;
using RtcLive.WebRtc.Stun;

namespace RtcLive.WebRtc.Ice;

/// <summary>
/// Writes the answers to ICE connectivity checks, shared by the ICE-lite responder and the full agent.
/// Success and post-authentication errors carry MESSAGE-INTEGRITY keyed with the answering agent's own
/// password, as the request did; 400 and 401 cannot (the sender is not known to hold that password,
/// RFC 8489 §9.1.3). All carry FINGERPRINT so the peer's demultiplexer recognises them (RFC 8445 §7.3).
/// </summary>
internal static class IceCheckResponse
{
    /// <summary>
    /// Room for the largest answer written here: header 20, ERROR-CODE up to 4+4+20, UNKNOWN-ATTRIBUTES up
    /// to 4+2·<see cref="MaxUnknownAttributes"/>, MESSAGE-INTEGRITY 24, FINGERPRINT 8 (a success with an
    /// IPv6 XOR-MAPPED-ADDRESS needs 76).
    /// </summary>
    public const int MaxLength = 128;

    /// <summary>UNKNOWN-ATTRIBUTES lists at most this many types; a request with more is hostile or broken anyway.</summary>
    public const int MaxUnknownAttributes = 8;

    public static int WriteSuccess(ReadOnlySpan<byte> transactionId, IPEndPoint remote, ReadOnlySpan<byte> password, Span<byte> destination)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingSuccessResponse, transactionId);
        writer.WriteXorMappedAddress(remote);
        writer.WriteMessageIntegrity(password);
        writer.WriteFingerprint();
        return writer.Length;
    }

    /// <param name="password">Empty for 400/401, which must go unsigned; otherwise the answering agent's password.</param>
    public static int WriteError(ReadOnlySpan<byte> transactionId, int code, ReadOnlySpan<byte> password, Span<byte> destination,
        ReadOnlySpan<ushort> unknownAttributes = default)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingErrorResponse, transactionId);
        writer.WriteErrorCode(code, StunErrorCode.ReasonPhrase(code));
        if (!unknownAttributes.IsEmpty) writer.WriteUnknownAttributes(unknownAttributes);
        if (!password.IsEmpty) writer.WriteMessageIntegrity(password);
        writer.WriteFingerprint();
        return writer.Length;
    }

    /// <exception cref="ArgumentException">The response buffer cannot hold <see cref="MaxLength"/> bytes.</exception>
    public static void EnsureRoom(Span<byte> response, string parameterName)
    {
        if (response.Length < MaxLength)
            throw new ArgumentException($"The response buffer must hold at least {MaxLength} bytes.", parameterName);
    }
}
