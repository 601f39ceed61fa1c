using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Ice;

/// <summary>Refuses to start with TURN settings that would hand browsers servers they cannot use.</summary>
public sealed class TurnOptionsValidator : IValidateOptions<TurnOptions>
{
    public ValidateOptionsResult Validate(string? name, TurnOptions options)
    {
        var problems = new List<string>();
        bool anyTurn = false;
        foreach (string url in options.Urls)
        {
            if (string.IsNullOrWhiteSpace(url) || url.Any(char.IsWhiteSpace))
                problems.Add($"{TurnOptions.Section}:Urls has an empty or malformed entry '{url}'");
            else if (url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase))
                anyTurn = true;
            else if (!url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("stuns:", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{TurnOptions.Section}:Urls entry '{url}' is not a turn:, turns: or stun: URL");
        }
        if (anyTurn && options.Secret.Length < 16)
            problems.Add($"{TurnOptions.Section}:Secret (the TURN server's static-auth-secret, at least 16 characters) is required for turn: URLs");
        if (options.CredentialLifetime < TimeSpan.FromMinutes(1) || options.CredentialLifetime > TimeSpan.FromDays(7))
            problems.Add($"{TurnOptions.Section}:CredentialLifetime must be between 1 minute and 7 days");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
