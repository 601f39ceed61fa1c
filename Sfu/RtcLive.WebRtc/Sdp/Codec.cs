using System.Globalization;

namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// One payload type of an RTP m-line, with its <c>a=rtpmap</c>, <c>a=fmtp</c> and <c>a=rtcp-fb</c> lines folded
/// together: <c>a=rtpmap:96 VP8/90000</c> + <c>a=rtcp-fb:96 nack</c> becomes one codec. A retransmission
/// payload type (<c>rtx</c>) names the payload type it repairs in its <c>apt</c> parameter.
/// </summary>
public sealed class Codec
{
    public Codec(int payloadType, string name, int clockRate, int? channels = null)
    {
        PayloadType = payloadType;
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
    }

    /// <summary>0-127; 96-127 are the dynamic ones WebRTC mostly uses.</summary>
    public int PayloadType { get; set; }

    /// <summary>Encoding name as written (<c>opus</c>, <c>VP8</c>, <c>H264</c>, <c>rtx</c>...); compare ignoring case.</summary>
    public string Name { get; set; }

    public int ClockRate { get; set; }

    /// <summary>Audio channel count from the rtpmap (<c>opus/48000/2</c>), or null when the rtpmap has none.</summary>
    public int? Channels { get; set; }

    /// <summary>The <c>a=fmtp</c> parameters in the order written.</summary>
    public SdpParameters Parameters { get; set; } = new();

    /// <summary>The <c>a=rtcp-fb</c> lines for this payload type, in order.</summary>
    public List<RtcpFeedback> Feedback { get; } = [];

    public bool IsRtx => string.Equals(Name, "rtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>For rtx, the payload type it retransmits (<c>apt</c>); null otherwise or when missing/garbled.</summary>
    public int? Apt =>
        int.TryParse(Parameters.Get("apt"), NumberStyles.None, CultureInfo.InvariantCulture, out int apt) ? apt : null;

    /// <summary>True for rtx, RED and FEC payload types: they protect another codec and carry no media of their own.</summary>
    public bool IsRepairOrRedundancy =>
        IsRtx
        || string.Equals(Name, "red", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Name, "ulpfec", StringComparison.OrdinalIgnoreCase)
        || Name.StartsWith("flexfec", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rtpmap value: <c>name/clock</c> or <c>name/clock/channels</c>.</summary>
    public string RtpMap => Channels is { } ch ? $"{Name}/{ClockRate}/{ch}" : $"{Name}/{ClockRate}";

    /// <summary>A deep copy, so a description built from another never shares mutable parts with it.</summary>
    public Codec Clone()
    {
        var copy = new Codec(PayloadType, Name, ClockRate, Channels) { Parameters = Parameters.Clone() };
        copy.Feedback.AddRange(Feedback);
        return copy;
    }

    public override string ToString() => $"{PayloadType} {RtpMap}";
}
