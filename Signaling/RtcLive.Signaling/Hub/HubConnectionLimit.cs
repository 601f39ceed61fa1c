using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// Caps the hub connections one remote address holds open at once (<see cref="RoomHubOptions.MaxConnectionsPerAddress"/>).
/// The joins rate limit bounds how fast an address opens connections; this bounds how many it keeps, each of which holds
/// a WebSocket, a registry entry and a rate limiter on the server. A connection is the request that carries it (the
/// WebSocket or server-sent events request, or one long poll), so the count falls as soon as it ends.
/// </summary>
public sealed class HubConnectionLimit(RequestDelegate next, IOptions<RoomHubOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly int _max = options.Value.MaxConnectionsPerAddress;

    public async Task InvokeAsync(HttpContext context)
    {
        // Negotiation is a short request counted by the joins limit; only the connection itself is held open.
        if (!context.Request.Path.Equals(RoomHub.Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        string address = AddressOf(context.Connection.RemoteIpAddress);
        if (!TryOpen(address))
        {
            EntryRefusals.HubConnections();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"too many open hub connections from your address: at most {_max}; close one and try again\n", context.RequestAborted);
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            Close(address);
        }
    }

    private bool TryOpen(string address)
    {
        while (true)
        {
            if (!_open.TryGetValue(address, out int current))
            {
                if (_open.TryAdd(address, 1)) return true;
                continue;
            }
            if (current >= _max) return false;
            if (_open.TryUpdate(address, current + 1, current)) return true;
        }
    }

    private void Close(string address)
    {
        while (true)
        {
            int current = _open[address];
            // The last connection of an address removes its entry: the table holds only addresses with one open.
            if (current <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(address, current)) : _open.TryUpdate(address, current - 1, current))
                return;
        }
    }

    private static string AddressOf(IPAddress? address)
    {
        if (address is null) return "local";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }
}
