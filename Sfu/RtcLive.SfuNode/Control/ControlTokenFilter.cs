using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RtcLive.SfuNode.Hosting;

namespace RtcLive.SfuNode.Control;

/// <summary>
/// Lets a control call through only with the node's control token as its bearer token: whoever holds the control
/// API can put anyone in any room, so it is never open.
/// </summary>
public sealed class ControlTokenFilter(IOptions<NodeOptions> options) : IEndpointFilter
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.ControlToken);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (IsAuthorized(context.HttpContext.Request)) return next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"rtclive-sfu-control\"";
        return ValueTask.FromResult<object?>(Results.Text("the control API needs the node's control token (Authorization: Bearer …)\n",
            statusCode: StatusCodes.Status401Unauthorized));
    }

    private bool IsAuthorized(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        byte[] presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
