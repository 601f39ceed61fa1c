namespace RtcLive.WebRtc.Sdp;

/// <summary>The RTP header extension URIs WebRTC endpoints negotiate with <c>a=extmap</c>.</summary>
public static class HeaderExtensionUris
{
    /// <summary>RFC 6464 audio level of the packet.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>RFC 9143 mid: which m-line a packet belongs to, the key to BUNDLE demultiplexing.</summary>
    public const string SdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 RtpStreamId: the rid of a simulcast layer.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 RepairedRtpStreamId: the rid an rtx packet repairs.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Absolute send time, used by REMB bandwidth estimation.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence numbers for transport-cc feedback.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 5450 transmission time offset.</summary>
    public const string TimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>3GPP coordination of video orientation.</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
}
