using RtcLive.Fuzz.Targets;

namespace RtcLive.Fuzz;

/// <summary>Every parser of hostile input, by the name <c>fuzz.sh</c> and the corpus folders use.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("stun", "STUN message reader and attribute accessors (RFC 8489)", StunTarget.Run),
        new("rtp", "RTP header, CSRCs, RTX wrap/unwrap, extension rewriting", RtpTarget.Run),
        new("rtp-ext", "RTP header extension block reader (RFC 8285), round trip through the writer", RtpExtensionTarget.Run),
        new("rtcp", "RTCP compound reader, SR/RR/SDES/BYE, SR round trip", RtcpTarget.Run),
        new("rtcp-fb", "RTCP feedback: NACK, PLI, FIR, REMB, transport-cc, with round trips", RtcpFeedbackTarget.Run),
        new("sdp", "SDP parser, writer (stable round trip) and answer builder", SdpTarget.Run),
        new("dtls", "DTLS record framing: the record filter and the datagram channel in front of BouncyCastle", DtlsRecordTarget.Run),
        new("vp8", "VP8 payload descriptor (RFC 7741), picture id rewriting, the HLS depacketizer", Vp8Target.Run),
        new("h264", "H264 payload (RFC 6184): packet type, STAP-A/FU-A keyframe detection", H264Target.Run),
        new("h264-hls", "the HLS worker's H264 depacketizer (RFC 6184 single NAL, STAP-A, FU-A into Annex B), SPS size reader, avcC", H264DepacketizerTarget.Run),
        new("signalr", "SignalR JSON hub messages as the hub binds them, and the checks on Join/Publish/Chat arguments and tokens", SignalRTarget.Run),
    ];

    public static FuzzTarget? Find(string name)
    {
        foreach (var target in All)
            if (string.Equals(target.Name, name, StringComparison.OrdinalIgnoreCase)) return target;
        return null;
    }
}
