namespace RtcLive.Sfu.Control;

/// <summary>A control call the node refused; <see cref="Exception.Message"/> is safe to show to the client.</summary>
public sealed class SfuControlException(SfuControlError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public SfuControlError Error { get; } = error;
}
