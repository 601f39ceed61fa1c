using System.Text;
using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Auth;

/// <summary>Refuses to start with settings that would make tokens forgeable or useless; each message names the fix.</summary>
public sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
{
    public const int MinSecretBytes = 32;

    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Secret))
        {
            failures.Add($"{TokenOptions.Section}:Secret is empty: set it to a random string of at least {MinSecretBytes} bytes " +
                "(e.g. `openssl rand -base64 32`), the same on every signaling instance. Only dev mode " +
                $"({TokenOptions.Section}:DevTokens=true) runs without one.");
        }
        else if (Encoding.UTF8.GetByteCount(options.Secret) < MinSecretBytes)
        {
            failures.Add($"{TokenOptions.Section}:Secret is {Encoding.UTF8.GetByteCount(options.Secret)} bytes; HS256 needs at least {MinSecretBytes}.");
        }
        if (string.IsNullOrWhiteSpace(options.Issuer))
            failures.Add($"{TokenOptions.Section}:Issuer is empty.");
        if (options.DefaultLifetime <= TimeSpan.Zero)
            failures.Add($"{TokenOptions.Section}:DefaultLifetime must be positive (e.g. 06:00:00).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
