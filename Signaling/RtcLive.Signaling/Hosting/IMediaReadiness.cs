namespace RtcLive.Signaling.Hosting;

/// <summary>Whether signaling can place participants on an SFU node now; backs <c>/readyz</c>.</summary>
public interface IMediaReadiness
{
    bool IsReady { get; }
}
