using Microsoft.Extensions.Options;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Placement;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// <c>GET /api/cluster</c>: the nodes and relay links this signaling instance knows. In embedded mode that is one
/// SFU node (id <c>local</c>, the id the web client's stats report) and no links. Open where dev tokens are on;
/// otherwise it needs the admin token (<c>RtcLive:Auth:AdminToken</c>) as a Bearer token.
/// </summary>
public static class ClusterApi
{
    public static WebApplication MapClusterApi(this WebApplication app)
    {
        app.MapGet("/api/cluster", async (HttpContext context, ISfuNodes nodes, IOptions<TokenOptions> tokens) =>
        {
            if (!IsAllowed(context, tokens.Value))
                return Results.Text("the cluster view needs the admin token (Authorization: Bearer …)\n", statusCode: StatusCodes.Status401Unauthorized);
            var snapshot = await nodes.SnapshotAsync(context.RequestAborted);
            var listed = new List<ClusterNode>(snapshot.Nodes.Count);
            var signaling = new List<SignalingInstanceView>();
            foreach (var n in snapshot.Nodes)
            {
                // Signaling instances carry no media: listed apart, so "nodes" stays the media nodes.
                if (n.Kind == RtcLive.Cluster.NodeKinds.Signaling) signaling.Add(new SignalingInstanceView(n.Id, n.Region, n.Pid, n.ControlUrl));
                else listed.Add(new ClusterNode(n.Id, n.Kind, n.Region, n.Pid, n.State, n.Load.Participants, n.Capacity, n.Load.Tracks, new NodeLoad(n.Load.Cpu, n.Load.Bitrate)));
            }
            var links = new List<ClusterLink>();
            foreach (var link in snapshot.Links) links.Add(new ClusterLink(link.Room, link.From, link.To));
            return Results.Json(new ClusterView(listed, links, signaling));
        });
        // Drain (admin): the node takes no one new, its participants are moved when the deadline passes, and it
        // stays listed as draining until its operator stops it.
        app.MapPost("/api/cluster/nodes/{id}/drain", async (string id, double? deadlineSeconds, HttpContext context, ISfuNodes nodes,
            IOptions<TokenOptions> tokens) =>
        {
            if (!IsAllowed(context, tokens.Value))
                return Results.Text("draining a node needs the admin token (Authorization: Bearer …)\n", statusCode: StatusCodes.Status401Unauthorized);
            var deadline = TimeSpan.FromSeconds(Math.Clamp(deadlineSeconds ?? 30, 0, 24 * 3600));
            ISfuNodeControl? node;
            try
            {
                node = await nodes.ConnectAsync(id, context.RequestAborted);
            }
            catch (SfuControlException ex)
            {
                return Results.Text(ex.Message + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            if (node is null) return Results.Text($"no live node '{id}'\n", statusCode: StatusCodes.Status404NotFound);
            try
            {
                await node.DrainAsync(deadline, context.RequestAborted);
            }
            catch (SfuControlException ex)
            {
                return Results.Text(ex.Message + "\n", statusCode: StatusCodes.Status409Conflict);
            }
            return Results.Json(new { node = id, state = "draining", deadlineSeconds = deadline.TotalSeconds }, statusCode: StatusCodes.Status202Accepted);
        });
        // Rooms (admin): every room a live node carries, with its nodes, published tracks and relay links.
        app.MapGet("/api/cluster/rooms", async (HttpContext context, ISfuNodes nodes, IOptions<TokenOptions> tokens) =>
        {
            if (!IsAllowed(context, tokens.Value))
                return Results.Text("the rooms view needs the admin token (Authorization: Bearer …)\n", statusCode: StatusCodes.Status401Unauthorized);
            var snapshot = await nodes.SnapshotAsync(context.RequestAborted);
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var n in snapshot.Nodes)
                foreach (string room in n.Rooms) names.Add(room);
            var links = snapshot.Links;
            var rooms = new List<ClusterRoom>(names.Count);
            foreach (string room in names)
            {
                var on = new List<string>();
                foreach (var n in snapshot.NodesOfRoom(room)) on.Add(n.Id);
                var tracks = snapshot.TracksOfRoom(room);
                var publishers = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (_, track) in tracks) publishers.Add(track.ParticipantId);
                int roomLinks = 0;
                foreach (var link in links) if (link.Room == room) roomLinks++;
                rooms.Add(new ClusterRoom(room, on, publishers.Count, tracks.Count, roomLinks));
            }
            return Results.Json(rooms);
        });
        // Tokens (admin): a room token for an operator's tool or a test, as the application's token service would issue it.
        app.MapPost("/api/cluster/tokens", (TokenRequest? request, HttpContext context, RoomTokenService issuer, IOptions<TokenOptions> tokens) =>
        {
            if (!IsAllowed(context, tokens.Value))
                return Results.Text("issuing tokens needs the admin token (Authorization: Bearer …)\n", statusCode: StatusCodes.Status401Unauthorized);
            if (request is null) return Results.Text("send {\"room\":…, \"name\":…, \"role\":…}\n", statusCode: StatusCodes.Status400BadRequest);
            string identity = string.IsNullOrEmpty(request.Identity) ? request.Name ?? "" : request.Identity;
            if (!PrintableName.TryValidate(request.Room, "room", out string error) || !PrintableName.TryValidate(request.Name, "name", out error)
                || !PrintableName.TryValidate(identity, "identity", out error))
                return Results.Text(error + "\n", statusCode: StatusCodes.Status400BadRequest);
            if (!RoomRoles.TryParse(request.Role, out var role))
                return Results.Text($"role must be one of {RoomRoles.AllowedNames}\n", statusCode: StatusCodes.Status400BadRequest);
            if (request.LifetimeSeconds is { } seconds && (seconds <= 0 || seconds > 7 * 24 * 3600))
                return Results.Text("lifetimeSeconds must be between 1 and 604800\n", statusCode: StatusCodes.Status400BadRequest);
            var lifetime = request.LifetimeSeconds is { } s ? TimeSpan.FromSeconds(s) : tokens.Value.DefaultLifetime;
            string token = issuer.Issue(new RoomClaims(request.Room!, identity, request.Name!, role), lifetime);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new TokenIssued(token, request.Room!, identity, role.ToName(), DateTimeOffset.UtcNow + lifetime));
        });
        return app;
    }

    private static bool IsAllowed(HttpContext context, TokenOptions options)
    {
        if (options.DevTokens) return true;
        if (string.IsNullOrEmpty(options.AdminToken) || !BearerToken.TryRead(context.Request, out string? token) || token is null) return false;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(options.AdminToken));
    }

    /// <param name="Signaling">The signaling instances of a cluster (none in embedded mode).</param>
    public sealed record ClusterView(IReadOnlyList<ClusterNode> Nodes, IReadOnlyList<ClusterLink> Links, IReadOnlyList<SignalingInstanceView> Signaling);

    /// <param name="Url">Where browsers reach it; empty when it listens on no concrete address.</param>
    public sealed record SignalingInstanceView(string Id, string Region, int Pid, string Url);

    /// <param name="Capacity">Most participants placement sends to the node (its registry record).</param>
    public sealed record ClusterNode(string Id, string Kind, string Region, int Pid, string State, int Participants, int Capacity, int Tracks,
        NodeLoad Load);

    /// <param name="Cpu">Share of the machine's cores this process used since the previous sample (0–1).</param>
    /// <param name="Bitrate">Bits per second forwarded to subscribers.</param>
    public sealed record NodeLoad(double Cpu, long Bitrate);

    public sealed record ClusterLink(string Room, string From, string To);

    public sealed record ClusterRoom(string Room, IReadOnlyList<string> Nodes, int Publishers, int Tracks, int Links);

    public sealed record TokenRequest(string? Room, string? Name, string? Role, string? Identity, double? LifetimeSeconds);

    public sealed record TokenIssued(string Token, string Room, string Identity, string Role, DateTimeOffset ExpiresAt);
}
