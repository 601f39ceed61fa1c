namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Codec descriptions as Chrome offers them (same payload types, fmtp and feedback), for offers this stack writes
/// itself. Each call returns new objects, since <see cref="Codec"/> is mutable.
/// </summary>
public static class DefaultCodecs
{
    /// <summary><c>opus/48000/2</c> with in-band FEC, 10 ms minimum packet time and transport-cc.</summary>
    public static Codec Opus(int payloadType = 111)
    {
        var codec = new Codec(payloadType, "opus", 48000, 2) { Parameters = SdpParameters.Parse("minptime=10;useinbandfec=1") };
        codec.Feedback.Add(RtcpFeedback.TransportCc);
        return codec;
    }

    public static Codec Vp8(int payloadType = 96) => WithVideoFeedback(new Codec(payloadType, "VP8", 90000));

    /// <summary>H.264 packetization-mode 1, Constrained Baseline level 3.1 unless another profile-level-id is given.</summary>
    public static Codec H264(int payloadType = 102, string profileLevelId = "42e01f") =>
        WithVideoFeedback(new Codec(payloadType, "H264", 90000)
        {
            Parameters = SdpParameters.Parse($"level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profileLevelId}"),
        });

    /// <summary>The rtx payload type (RFC 4588) repairing <paramref name="apt"/>.</summary>
    public static Codec Rtx(int payloadType, int apt, int clockRate = 90000) =>
        new(payloadType, "rtx", clockRate) { Parameters = SdpParameters.Parse($"apt={apt}") };

    public static IReadOnlyList<Codec> Audio() => [Opus()];

    /// <summary>VP8 (96) with rtx (97).</summary>
    public static IReadOnlyList<Codec> Video() => [Vp8(), Rtx(97, 96)];

    private static Codec WithVideoFeedback(Codec codec)
    {
        codec.Feedback.AddRange([RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli]);
        return codec;
    }
}
