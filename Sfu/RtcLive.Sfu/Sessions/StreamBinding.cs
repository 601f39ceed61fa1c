using RtcLive.Sfu.Media;

namespace RtcLive.Sfu.Sessions;

/// <summary>Which producer layer an incoming SSRC belongs to, and whether it carries retransmissions (RTX).</summary>
internal sealed record StreamBinding(Producer Producer, ProducerLayer Layer, bool IsRtx);
