using System.Text;
using System.Text.RegularExpressions;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Stun;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>
/// An attacker's session: joined and published through the room like anyone (it holds a valid token), but its "client"
/// is a raw socket that sends one authentic ICE check, so its address is bound, and then only ClientHellos.
/// </summary>
internal static class HalfOpenSession
{
    /// <summary>Joins <paramref name="id"/> to <paramref name="room"/> and returns the check that binds the sender's address to it.</summary>
    public static byte[] Open(Room room, string id)
    {
        var attacker = room.Join(id, "A", ParticipantRole.Speaker);
        using var offerPeer = new ClientPeer();
        string offer = offerPeer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly));
        string answer = room.Publish(attacker, offer, []);
        return AuthenticCheck(Attribute(answer, "ice-ufrag"), Attribute(answer, "ice-pwd"), Attribute(offer, "ice-ufrag"));
    }

    private static string Attribute(string sdp, string name) => Regex.Match(sdp, $"a={name}:(\\S+)").Groups[1].Value;

    private static byte[] AuthenticCheck(string serverUfrag, string serverPassword, string clientUfrag)
    {
        Span<byte> buffer = stackalloc byte[256];
        Span<byte> transaction = stackalloc byte[StunMessage.TransactionIdLength];
        StunMessage.NewTransactionId(transaction);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transaction);
        writer.WriteUsername(Encoding.ASCII.GetBytes($"{serverUfrag}:{clientUfrag}"));
        writer.WritePriority(0x6E7F1EFF);
        writer.WriteUseCandidate();
        writer.WriteIceControlling(1);
        writer.WriteMessageIntegrity(Encoding.ASCII.GetBytes(serverPassword));
        writer.WriteFingerprint();
        return writer.Written.ToArray();
    }
}
