using System.Text.Json;
using System.Threading.Channels;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;

namespace RtcLive.SfuNode.Control;

/// <summary>
/// <c>GET /control/v1/events</c>: the node's events to one signaling instance, one JSON object per line, an
/// empty line whenever it has been quiet for <see cref="SfuControlEventStreamTiming.KeepAliveInterval"/>. The
/// listener subscribes before the response starts, so a caller that has the headers misses nothing after them.
/// A listener that falls too far behind is cut off (it reopens and knows it lost events) rather than letting
/// the node buffer without bound.
/// </summary>
public sealed class ControlEventStream(ISfuNodeControl control, IHostApplicationLifetime lifetime, ILogger<ControlEventStream> logger)
{
    /// <summary>Events queued for one slow listener before it is cut off: a class's worth of joins at once.</summary>
    private const int MaxQueued = 10_000;

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task ServeAsync(HttpContext context)
    {
        // Ends with the listener or with the node: a stream left open would hold up a graceful shutdown.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = ending.Token;
        var queue = Channel.CreateBounded<SfuControlEvent>(new BoundedChannelOptions(MaxQueued)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        bool overflowed = false;
        void OnEvent(SfuControlEvent e)
        {
            if (queue.Writer.TryWrite(e)) return;
            overflowed = true;
            queue.Writer.TryComplete();
        }

        control.Events += OnEvent;
        try
        {
            context.Response.ContentType = "application/x-ndjson";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.StartAsync(ct);
            await context.Response.Body.FlushAsync(ct);
            var body = context.Response.Body;
            while (!ct.IsCancellationRequested)
            {
                bool more;
                using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    quiet.CancelAfter(SfuControlEventStreamTiming.KeepAliveInterval);
                    try
                    {
                        more = await queue.Reader.WaitToReadAsync(quiet.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await body.WriteAsync(NewLine, ct);
                        await body.FlushAsync(ct);
                        continue;
                    }
                }
                if (!more) break;
                while (queue.Reader.TryRead(out var e))
                {
                    await JsonSerializer.SerializeAsync(body, e, SfuControlJson.Options, ct);
                    await body.WriteAsync(NewLine, ct);
                }
                await body.FlushAsync(ct);
            }
            if (overflowed)
                logger.LogWarning("event listener {Remote} fell {Max} events behind and was cut off", context.Connection.RemoteIpAddress, MaxQueued);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The listener went away, or the node is stopping.
        }
        finally
        {
            control.Events -= OnEvent;
        }
    }
}
