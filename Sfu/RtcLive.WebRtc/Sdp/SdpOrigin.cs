using System.Security.Cryptography;

namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// The <c>o=</c> line: who created the description and which version of the session it describes. JSEP only
/// needs the session id to stay stable and the version to grow with each new offer or answer.
/// </summary>
/// <param name="SessionId">Kept as text: RFC 8866 calls it a numeric string and some clients exceed 64 bits.</param>
public sealed record SdpOrigin(
    string Username,
    string SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    /// <summary>The origin a WebRTC endpoint writes: <c>o=- &lt;id&gt; &lt;version&gt; IN IP4 127.0.0.1</c>.</summary>
    public static SdpOrigin ForSession(string sessionId, ulong sessionVersion) =>
        new("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");

    /// <summary>A fresh random session id below 2^62, as JSEP (RFC 9429 §5.2.1) recommends.</summary>
    public static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        ulong id = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 2;
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() =>
        $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
