namespace RtcLive.Sfu.Control;

/// <summary>What the publisher says one m-line of its offer carries (<c>camera</c>, <c>microphone</c>, <c>screen</c>, <c>screen-audio</c>).</summary>
public sealed record SfuPublishedTrack(string Mid, string Source);
