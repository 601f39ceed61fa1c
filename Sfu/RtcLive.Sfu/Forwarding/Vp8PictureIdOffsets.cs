namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// What <see cref="Vp8PictureIdRewriter"/> adds to one source's VP8 numbers: output picture id =
/// source picture id + <see cref="PictureIdDelta"/> (mod 2^15), output TL0PICIDX = source TL0PICIDX +
/// <see cref="Tl0PicIdxDelta"/> (mod 2^8). Recorded with every forwarded packet so a resend is rewritten
/// exactly as the original was, even after a later switch changed the deltas.
/// </summary>
public readonly record struct Vp8PictureIdOffsets(ushort PictureIdDelta, byte Tl0PicIdxDelta);
