namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// The H.264 profiles WebRTC endpoints offer, as told apart by the first two bytes of <c>profile-level-id</c>
/// (profile_idc and the constraint flags, RFC 6184 §8.1). Two payload types are the same codec only if they
/// name the same profile; the level may differ.
/// </summary>
public enum H264Profile
{
    ConstrainedBaseline,
    Baseline,
    Main,
    ConstrainedHigh,
    High,
    PredictiveHigh444,
}
