using RtcLive.WebRtc.Codecs;

namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// Keeps the VP8 picture id and TL0PICIDX of one forwarded stream continuous across simulcast switches.
/// Every layer numbers its pictures on its own, so without this a receiver that last saw picture 812 from
/// one layer and then gets 4017 from another would take it for thousands of lost pictures and stall. Like
/// the RTP numbers in <see cref="RtpStreamRewriter"/>, each source gets a fixed delta, chosen at its first
/// packet so that it continues at the newest output value + 1; late and reordered packets of the same
/// source therefore map consistently.
/// </summary>
/// <remarks>
/// The picture id is kept as a 15-bit counter, and a packet's own width (7 or 15 bits) is preserved on
/// write: a 7-bit id gets the low 7 bits, which stay continuous because the arithmetic is modular. The
/// first source keeps its own numbers. Not thread-safe: one per forwarded stream, used by its forwarding
/// path. <see cref="RtpStreamRewriter"/> owns one for VP8 streams and records the offsets per packet.
/// </remarks>
public sealed class Vp8PictureIdRewriter
{
    private const int PictureIdMask = 0x7FFF;

    private bool _pictureIdAnchorPending = true;
    private bool _tl0PicIdxAnchorPending = true;
    private bool _hasPictureId;
    private bool _hasTl0PicIdx;
    private ushort _newestPictureId;
    private byte _newestTl0PicIdx;
    private Vp8PictureIdOffsets _offsets;

    /// <summary>The deltas applied to the current source's packets.</summary>
    public Vp8PictureIdOffsets Offsets => _offsets;

    /// <summary>The newest picture id written (15-bit), once any was.</summary>
    public ushort NewestPictureId => _newestPictureId;

    /// <summary>The newest TL0PICIDX written, once any was.</summary>
    public byte NewestTl0PicIdx => _newestTl0PicIdx;

    /// <summary>The next packet comes from a new source (or restarts the old one after a pause): its
    /// numbers continue at the newest output + 1.</summary>
    public void ResetSource()
    {
        _pictureIdAnchorPending = true;
        _tl0PicIdxAnchorPending = true;
    }

    /// <summary>
    /// Rewrites the descriptor at the start of <paramref name="payload"/> in place and returns the offsets
    /// it applied. A payload without a descriptor field (or one that does not parse) is left as it is.
    /// </summary>
    public Vp8PictureIdOffsets Rewrite(Span<byte> payload)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor))
            return _offsets;

        if (descriptor.PictureIdLength > 0)
        {
            if (_pictureIdAnchorPending)
            {
                ushort delta = _hasPictureId ? (ushort)((_newestPictureId + 1 - descriptor.PictureId) & PictureIdMask) : (ushort)0;
                _offsets = _offsets with { PictureIdDelta = delta };
                _pictureIdAnchorPending = false;
            }
            AdvancePictureId((ushort)((descriptor.PictureId + _offsets.PictureIdDelta) & PictureIdMask), descriptor.PictureIdLength);
        }

        if (descriptor.HasTl0PicIdx)
        {
            if (_tl0PicIdxAnchorPending)
            {
                byte delta = _hasTl0PicIdx ? (byte)(_newestTl0PicIdx + 1 - descriptor.Tl0PicIdx) : (byte)0;
                _offsets = _offsets with { Tl0PicIdxDelta = delta };
                _tl0PicIdxAnchorPending = false;
            }
            AdvanceTl0PicIdx((byte)(descriptor.Tl0PicIdx + _offsets.Tl0PicIdxDelta));
        }

        Write(payload, descriptor, _offsets);
        return _offsets;
    }

    /// <summary>Applies recorded <paramref name="offsets"/> to a descriptor in place (for a resend).
    /// False when the payload does not start with a VP8 descriptor.</summary>
    public static bool Apply(Span<byte> payload, Vp8PictureIdOffsets offsets)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor))
            return false;
        Write(payload, descriptor, offsets);
        return true;
    }

    private static void Write(Span<byte> payload, in Vp8PayloadDescriptor descriptor, Vp8PictureIdOffsets offsets)
    {
        // The setters keep the field's width, so a 7-bit id takes the low 7 bits of the 15-bit sum.
        if (descriptor.PictureIdLength > 0)
            Vp8PayloadDescriptor.TrySetPictureId(payload, (ushort)((descriptor.PictureId + offsets.PictureIdDelta) & PictureIdMask));
        if (descriptor.HasTl0PicIdx)
            Vp8PayloadDescriptor.TrySetTl0PicIdx(payload, (byte)(descriptor.Tl0PicIdx + offsets.Tl0PicIdxDelta));
    }

    /// <summary>Moves the newest picture id forward when <paramref name="output"/> is newer, comparing in the
    /// packet's own width so a 7-bit stream's wrap at 128 counts as progress, not as a jump back.</summary>
    private void AdvancePictureId(ushort output, int pictureIdLength)
    {
        if (!_hasPictureId)
        {
            _newestPictureId = output;
            _hasPictureId = true;
            return;
        }
        int space = pictureIdLength == 2 ? PictureIdMask + 1 : 0x80;
        int forward = (output - _newestPictureId) & (space - 1);
        if (forward != 0 && forward < space / 2)
            _newestPictureId = (ushort)((_newestPictureId + forward) & PictureIdMask);
    }

    private void AdvanceTl0PicIdx(byte output)
    {
        if (!_hasTl0PicIdx)
        {
            _newestTl0PicIdx = output;
            _hasTl0PicIdx = true;
            return;
        }
        int forward = (byte)(output - _newestTl0PicIdx);
        if (forward is > 0 and < 0x80)
            _newestTl0PicIdx = output;
    }
}
