namespace RtcLive.Signaling.Hosting;

/// <summary>
/// A standalone SFU node for signaling to use instead of hosting one (<c>RtcLive:Sfu</c>). Empty
/// <see cref="ControlUrl"/>: embedded mode, the node runs in this process.
/// </summary>
public sealed class RemoteSfuOptions
{
    public const string Section = "RtcLive:Sfu";

    /// <summary>The node's control API, e.g. <c>http://127.0.0.1:9090</c> (its <c>Kestrel</c> URL).</summary>
    public string ControlUrl { get; set; } = "";

    /// <summary>The node's <c>RtcLive:Node:ControlToken</c>.</summary>
    public string ControlToken { get; set; } = "";

    /// <summary>How long signaling waits at start for the node to answer before it gives up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsRemote => !string.IsNullOrWhiteSpace(ControlUrl);

    public Uri ParseControlUrl() =>
        Uri.TryCreate(ControlUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"{Section}:ControlUrl '{ControlUrl}' is not an http(s) URL");
}
