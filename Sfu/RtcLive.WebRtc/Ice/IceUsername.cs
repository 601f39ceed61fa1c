using System.Text;

namespace RtcLive.WebRtc.Ice;

/// <summary>
/// The USERNAME of an ICE check: "receiverUfrag:senderUfrag" (RFC 8445 §7.2.2), i.e. the ufrag of the
/// agent the request is sent to comes first. A socket loop serving many sessions on one port can route a
/// request by its receiver ufrag before any session state is touched.
/// </summary>
public static class IceUsername
{
    /// <summary>The USERNAME bytes a request from <paramref name="senderUfrag"/> to <paramref name="receiverUfrag"/> carries.</summary>
    public static byte[] Create(string receiverUfrag, string senderUfrag) =>
        Encoding.ASCII.GetBytes(receiverUfrag + ":" + senderUfrag);

    /// <summary>Splits at the first colon; false when there is none.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> receiverUfrag, out ReadOnlySpan<byte> senderUfrag)
    {
        int colon = username.IndexOf((byte)':');
        if (colon < 0)
        {
            receiverUfrag = senderUfrag = default;
            return false;
        }
        receiverUfrag = username[..colon];
        senderUfrag = username[(colon + 1)..];
        return true;
    }

    /// <summary>
    /// The receiver ufrag of a STUN Binding request in <paramref name="datagram"/>, without verifying
    /// anything else; false when the datagram is not a Binding request with an ICE USERNAME.
    /// </summary>
    public static bool TryGetReceiverUfrag(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> receiverUfrag)
    {
        receiverUfrag = default;
        return Stun.StunMessageReader.TryParse(datagram, out var message)
            && message.MessageType == Stun.StunMessageType.BindingRequest
            && message.TryGetUsername(out var username)
            && TrySplit(username, out receiverUfrag, out _);
    }
}
