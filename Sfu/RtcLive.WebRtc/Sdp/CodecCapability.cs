namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// A codec this endpoint can receive or send, used by <see cref="SdpAnswerBuilder"/> to pick from an offer. An
/// offered payload type matches when name (ignoring case), clock rate, channel count (when given here) and the
/// parameters given here match; see <see cref="CodecMatcher"/> for the codec-specific rules (H.264
/// packetization-mode and profile, VP9/AV1 profiles).
/// </summary>
public sealed class CodecCapability
{
    public CodecCapability(string name, int clockRate, int? channels = null, string? parameters = null, bool withRtx = false)
    {
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
        Parameters = SdpParameters.Parse(parameters);
        WithRtx = withRtx;
    }

    public string Name { get; }

    public int ClockRate { get; }

    /// <summary>Required channel count, or null to accept any.</summary>
    public int? Channels { get; }

    /// <summary>Parameters the offered fmtp must agree with.</summary>
    public SdpParameters Parameters { get; }

    /// <summary>Also accept the offered rtx payload type that repairs a chosen payload type of this codec.</summary>
    public bool WithRtx { get; }

    public static CodecCapability Opus => new("opus", 48000, 2);

    public static CodecCapability Vp8 => new("VP8", 90000, withRtx: true);

    public static CodecCapability Vp9Profile0 => new("VP9", 90000, parameters: "profile-id=0", withRtx: true);

    /// <summary>H.264 Constrained Baseline, packetization-mode 1: what every browser and OBS can decode.</summary>
    public static CodecCapability H264ConstrainedBaseline =>
        new("H264", 90000, parameters: "packetization-mode=1;profile-level-id=42e01f", withRtx: true);

    public static CodecCapability Av1 => new("AV1", 90000, withRtx: true);

    /// <summary>RFC 2198 redundant audio (Chrome's <c>red/48000/2</c> wrapping Opus).</summary>
    public static CodecCapability AudioRed => new("red", 48000, 2);

    public override string ToString() =>
        $"{Name}/{ClockRate}{(Channels is { } c ? "/" + c : "")}{(Parameters.Count > 0 ? " " + Parameters : "")}";
}
