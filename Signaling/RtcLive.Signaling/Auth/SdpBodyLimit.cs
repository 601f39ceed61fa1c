using Microsoft.AspNetCore.Http.Metadata;

namespace RtcLive.Signaling.Auth;

/// <summary>
/// Endpoint metadata capping the request body of SDP endpoints (offers, trickle fragments). Routing hands it to the
/// server (Kestrel then stops chunked bodies too); <see cref="RtcLiveRateLimits"/> refuses a declared length above
/// it before the endpoint runs, with a readable 413.
/// </summary>
public sealed class SdpBodyLimit : IRequestSizeLimitMetadata
{
    /// <summary>Real offers with three simulcast layers and many codecs stay under 20 KiB.</summary>
    public const int MaxBytes = 64 * 1024;

    public static readonly SdpBodyLimit Instance = new();

    private SdpBodyLimit()
    {
    }

    public long? MaxRequestBodySize => MaxBytes;
}

public static class SdpBodyLimitExtensions
{
    public static TBuilder WithSdpBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(SdpBodyLimit.Instance);
}
