using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RtcLive.Signaling.Auth;

/// <summary>
/// Issues and checks room tokens: JWTs signed with HS256, claims <c>room</c>, <c>sub</c>, <c>name</c>, <c>role</c>,
/// <c>iat</c>, <c>exp</c>, <c>iss</c>. Only HS256 is accepted, so neither <c>alg=none</c> nor a switch to another
/// algorithm gets a token past the signature check.
/// </summary>
public sealed class RoomTokenService
{
    public const string RoomClaim = "room";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";

    /// <summary>Clocks of the signaling instances and of the CLI that mints tokens may drift apart this much.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Our tokens are a few hundred bytes; anything much larger is not worth parsing.</summary>
    public const int MaxTokenBytes = 8 * 1024;

    private readonly TimeProvider _time;
    private readonly TimeSpan _defaultLifetime;
    private readonly string _issuer;
    private readonly SigningCredentials _signing;
    private readonly TokenValidationParameters _validation;
    private readonly JsonWebTokenHandler _handler = new()
    {
        // iat and exp come from our TimeProvider, not from the handler's own clock.
        SetDefaultTimesOnTokenCreation = false,
        MaximumTokenSizeInBytes = MaxTokenBytes,
    };

    public RoomTokenService(IOptions<TokenOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        _time = time;
        _defaultLifetime = settings.DefaultLifetime;
        _issuer = settings.Issuer;
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.Secret));
        _signing = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            ValidateIssuer = true,
            ValidIssuer = settings.Issuer,
            // The room claim does the audience's job: a token is good for one room only.
            ValidateAudience = false,
            // Lifetime is checked in TryValidate against our TimeProvider: TokenValidationParameters has no public clock to inject.
            ValidateLifetime = false,
        };
    }

    /// <summary>A signed token for <paramref name="claims"/>, valid from now for <paramref name="lifetime"/> (default: the configured one).</summary>
    public string Issue(RoomClaims claims, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(claims.Room, nameof(claims));
        ArgumentException.ThrowIfNullOrEmpty(claims.Identity, nameof(claims));
        ArgumentException.ThrowIfNullOrEmpty(claims.Name, nameof(claims));
        var span = lifetime ?? _defaultLifetime;
        if (span <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime), span, "a token's lifetime must be positive");

        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            IssuedAt = now,
            Expires = now + span,
            SigningCredentials = _signing,
            Claims = new Dictionary<string, object>
            {
                [RoomClaim] = claims.Room,
                [JwtRegisteredClaimNames.Sub] = claims.Identity,
                [NameClaim] = claims.Name,
                [RoleClaim] = claims.Role.ToName(),
            },
        });
    }

    /// <summary>
    /// Checks signature, issuer and lifetime, then that the token is for <paramref name="expectedRoom"/> and names an
    /// identity and a known role. On failure <paramref name="error"/> is one of <see cref="RoomTokenErrors"/>.
    /// </summary>
    public bool TryValidate(string token, string expectedRoom, [NotNullWhen(true)] out RoomClaims? claims, out string error)
    {
        claims = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            error = RoomTokenErrors.Missing;
            return false;
        }

        // With a fixed key and no configuration manager, validation does no I/O: the task is complete on return.
        var result = _handler.ValidateTokenAsync(token, _validation).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            error = Describe(result.Exception);
            return false;
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!HasValidLifetime(jwt, out error)) return false;
        if (!jwt.TryGetPayloadValue(RoomClaim, out string? room) || room is null || !string.Equals(room, expectedRoom, StringComparison.Ordinal))
        {
            error = RoomTokenErrors.OtherRoom;
            return false;
        }
        if (!jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Sub, out string? identity) || string.IsNullOrEmpty(identity))
        {
            error = RoomTokenErrors.NoIdentity;
            return false;
        }
        if (!jwt.TryGetPayloadValue(RoleClaim, out string? roleName) || !RoomRoles.TryParse(roleName, out var role))
        {
            error = RoomTokenErrors.NoValidRole;
            return false;
        }
        // Tokens minted elsewhere (the CLI, an integrator's backend) may leave the display name out.
        if (!jwt.TryGetPayloadValue(NameClaim, out string? name) || string.IsNullOrEmpty(name))
            name = identity;

        claims = new RoomClaims(room, identity, name, role)
        {
            IssuedAt = jwt.IssuedAt == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(jwt.IssuedAt, DateTimeKind.Utc)),
        };
        error = "";
        return true;
    }

    private bool HasValidLifetime(JsonWebToken jwt, out string error)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        // ValidTo and ValidFrom read DateTime.MinValue when the claim is absent (and clamp at MaxValue), so the skew is
        // applied to now, which cannot overflow.
        if (!jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Exp, out long _))
            error = RoomTokenErrors.NoExpiry;
        else if (jwt.ValidTo < now - ClockSkew)
            error = RoomTokenErrors.Expired;
        else if (jwt.ValidFrom > now + ClockSkew)
            error = RoomTokenErrors.NotYetValid;
        else
            error = "";
        return error.Length == 0;
    }

    private static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenInvalidSignatureException => RoomTokenErrors.BadSignature,
        SecurityTokenInvalidAlgorithmException => RoomTokenErrors.BadSignature,
        SecurityTokenInvalidIssuerException => RoomTokenErrors.WrongIssuer,
        SecurityTokenMalformedException => RoomTokenErrors.Malformed,
        ArgumentException => RoomTokenErrors.Malformed,
        _ => RoomTokenErrors.Invalid,
    };
}
