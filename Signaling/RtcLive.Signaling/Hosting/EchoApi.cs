using RtcLive.Signaling.Auth;
using RtcLive.WebRtc.Echo;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Signaling.Hosting;

public static class EchoApi
{
    private const int MaxOfferBytes = 64 * 1024;

    /// <summary>
    /// <c>POST /api/echo</c>: an SDP offer in (<c>application/sdp</c>), the answer out. The media the browser
    /// sends comes back to it: the web client's loopback test.
    /// </summary>
    public static WebApplication MapEchoEndpoint(this WebApplication app)
    {
        app.MapPost("/api/echo", async (HttpRequest request, IServiceProvider services, ILoggerFactory loggers) =>
        {
            if (services.GetService<MediaHost>() is not { } media)
                return Results.Text("the loopback test runs in embedded mode only (this signaling instance uses a standalone SFU node)\n",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/sdp", StringComparison.OrdinalIgnoreCase))
                return Results.Text("send the SDP offer as application/sdp\n", statusCode: StatusCodes.Status415UnsupportedMediaType);
            if (request.ContentLength > MaxOfferBytes)
                return Results.Text($"offer larger than {MaxOfferBytes} bytes\n", statusCode: StatusCodes.Status413PayloadTooLarge);

            string offer = await ReadLimitedAsync(request, MaxOfferBytes);
            try
            {
                media.Echo.Accept(offer, out string answer);
                return Results.Text(answer, "application/sdp", statusCode: StatusCodes.Status201Created);
            }
            catch (SdpParseException ex)
            {
                return Results.Text($"malformed SDP: {ex.Message}\n", statusCode: StatusCodes.Status400BadRequest);
            }
            catch (EchoOfferException ex)
            {
                loggers.CreateLogger("RtcLive.Echo").LogInformation("echo offer refused: {Reason}", ex.Message);
                return Results.Text(ex.Message + "\n", statusCode: StatusCodes.Status422UnprocessableEntity);
            }
        }).RequireRateLimiting(RtcLiveRateLimits.JoinsPolicy).WithSdpBodyLimit();
        return app;
    }

    private static async Task<string> ReadLimitedAsync(HttpRequest request, int limit)
    {
        using var reader = new StreamReader(request.Body);
        var buffer = new char[limit + 1];
        int total = 0, read;
        while (total <= limit && (read = await reader.ReadAsync(buffer.AsMemory(total, buffer.Length - total), request.HttpContext.RequestAborted)) > 0)
            total += read;
        if (total > limit) throw new BadHttpRequestException($"offer larger than {limit} bytes", StatusCodes.Status413PayloadTooLarge);
        return new string(buffer, 0, total);
    }
}
