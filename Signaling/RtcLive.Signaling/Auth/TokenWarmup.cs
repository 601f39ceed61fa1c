namespace RtcLive.Signaling.Auth;

/// <summary>
/// Issues and checks one throwaway token at start: the first token in a process pays ~150 ms of JIT and key
/// setup, which would otherwise land on the first person to join.
/// </summary>
public sealed class TokenWarmup(RoomTokenService tokens, ILogger<TokenWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string token = tokens.Issue(new RoomClaims("warm-up", "warm-up", "warm-up", RoomRole.Viewer), TimeSpan.FromMinutes(1));
        if (!tokens.TryValidate(token, "warm-up", out _, out string error))
            logger.LogError("a token issued at start does not validate: {Error}", error);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
