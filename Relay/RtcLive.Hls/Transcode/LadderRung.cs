namespace RtcLive.Hls.Transcode;

/// <summary>One rendition of the ABR ladder: its name in URLs (<c>720p</c>), picture size and video bitrate.</summary>
public sealed record LadderRung(string Name, int Width, int Height, int VideoKbps);
