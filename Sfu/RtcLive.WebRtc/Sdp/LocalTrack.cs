namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// A track this endpoint sends on one m-line: its <c>a=msid</c> and, when SSRCs are signalled, the
/// <c>a=ssrc</c> lines (cname, msid) and the <c>a=ssrc-group:FID</c> pairing the media SSRC with its rtx SSRC.
/// </summary>
public sealed record LocalTrack(string StreamId, string TrackId, string Cname, uint? Ssrc = null, uint? RtxSsrc = null)
{
    /// <summary>
    /// Writes this track into <paramref name="section"/>: the msid, and unless <paramref name="signalSsrcs"/> is
    /// false (rid-based simulcast) the SSRC lines. The rtx SSRC is announced only if the section has an rtx codec.
    /// </summary>
    public void AnnounceIn(MediaDescription section, bool signalSsrcs = true)
    {
        section.Msids.Add(new Msid(StreamId, TrackId));
        if (!signalSsrcs || Ssrc is not { } ssrc) return;

        uint? rtxSsrc = RtxSsrc is { } r && section.Codecs.Exists(c => c.IsRtx) ? r : null;
        if (rtxSsrc is { } rtx) section.SsrcGroups.Add(new SsrcGroup(SsrcGroup.Fid, [ssrc, rtx]));
        AddSsrcLines(section, ssrc);
        if (rtxSsrc is { } rtxAgain) AddSsrcLines(section, rtxAgain);
    }

    private void AddSsrcLines(MediaDescription section, uint ssrc)
    {
        section.SsrcAttributes.Add(new SsrcAttribute(ssrc, SsrcAttribute.Cname, Cname));
        section.SsrcAttributes.Add(new SsrcAttribute(ssrc, "msid", $"{StreamId} {TrackId}"));
    }
}
