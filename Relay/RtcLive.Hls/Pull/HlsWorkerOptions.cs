namespace RtcLive.Hls.Pull;

/// <summary>A standalone HLS worker's place in the cluster (<c>RtcLive:HlsWorker</c>).</summary>
public sealed class HlsWorkerOptions
{
    public const string Section = "RtcLive:HlsWorker";

    /// <summary>The worker's id in the cluster registry (unique); it joins origin nodes as <c>relay:{Id}</c>.</summary>
    public string Id { get; set; } = "hls-1";

    /// <summary>Signaling sends a room's HLS viewers to a worker of their region when there is one.</summary>
    public string Region { get; set; } = "default";

    /// <summary>The SFU nodes' control token (their <c>RtcLive:Node:ControlToken</c>).</summary>
    public string ControlToken { get; set; } = "";

    /// <summary>
    /// Where viewers (or the CDN in front) fetch HLS from this worker, e.g. <c>https://hls-eu.example.com</c>;
    /// empty: the worker's own listening URL.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The local address of the UDP sockets media arrives on from the SFU nodes (one per pulled room).</summary>
    public string MediaAddress { get; set; } = "127.0.0.1";

    /// <summary>The address announced to nodes in ICE when <see cref="MediaAddress"/> is a wildcard (0.0.0.0).</summary>
    public string AnnouncedAddress { get; set; } = "";

    /// <summary>How often the worker looks again for where each pulled room's class is published (and for a broken pull).</summary>
    public TimeSpan ReplanInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Most rooms transcoded at once (a 720p transcode takes about 0.7 of a core); signaling sees it as capacity.</summary>
    public int Capacity { get; set; } = 4;

    /// <summary>What is wrong with these settings for a worker in a cluster, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Id) || Id.Length > 64) return $"{Section}:Id must be 1–64 characters";
        if (string.IsNullOrWhiteSpace(ControlToken)) return $"{Section}:ControlToken is empty: the worker cannot call the SFU nodes' control API without it";
        if (!System.Net.IPAddress.TryParse(MediaAddress, out _)) return $"{Section}:MediaAddress '{MediaAddress}' is not an IP address";
        if (AnnouncedAddress.Length > 0 && !System.Net.IPAddress.TryParse(AnnouncedAddress, out _))
            return $"{Section}:AnnouncedAddress '{AnnouncedAddress}' is not an IP address";
        if (PublicUrl.Length > 0 && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
            return $"{Section}:PublicUrl '{PublicUrl}' is not an http(s) URL";
        if (Capacity < 1) return $"{Section}:Capacity must be at least 1";
        return null;
    }
}
