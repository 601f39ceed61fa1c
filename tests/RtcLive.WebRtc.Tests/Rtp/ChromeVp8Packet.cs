namespace RtcLive.WebRtc.Tests.Rtp;

/// <summary>
/// A VP8 keyframe packet laid out the way Chrome sends the first packet of a simulcast "h" layer frame:
/// one-byte extensions with Chrome's default video extmap ids (abs-send-time 2, transport-cc 3, mid 4,
/// rid 10), then a VP8 descriptor with a 15-bit picture id, TL0PICIDX and TID, then the VP8 keyframe header
/// of a 640x480 frame.
/// </summary>
internal static class ChromeVp8Packet
{
    public const byte AbsSendTimeId = 2;
    public const byte TransportCcId = 3;
    public const byte MidId = 4;
    public const byte RidId = 10;

    public const int HeaderLength = 12 + 4 + 12;

    public static byte[] Create() => Convert.FromHexString(
        "9060" + "1234" + "2B5A1C40" + "6E2D9F01" +     // V=2 X=1, PT 96, seq 4660, ts, SSRC
        "BEDE" + "0003" +                                // one-byte extensions, 3 words
        "4030" +                                         // id 4 (mid) L=0: "0"
        "A068" +                                         // id 10 (rid) L=0: "h"
        "22" + "1A2B3C" +                                // id 2 (abs-send-time) L=2
        "31" + "002A" +                                  // id 3 (transport-cc) L=1: 42
        "00" +                                           // padding to the word boundary
        "90" + "E0" + "9B3F" + "57" + "20" +             // VP8: X S PID=0 | I L T | M pic 0x1B3F | TL0 0x57 | TID 0 Y
        "100200" + "9D012A" + "8002" + "E001" + "DEADBEEF"); // keyframe header (P=0), start code, 640x480
}
