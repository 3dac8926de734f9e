using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tracking.TestSupport;

/// <summary>
/// Tokens for tests, minted here with the IdentityModel library (not through the server): a fixed test signing key,
/// the server's default issuer and audience, and any claims, lifetimes, keys or issuers a test needs to break.
/// </summary>
public static class TestTokens
{
    /// <summary>48 bytes, base64: for tests only.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("tracking-tests-signing-key-0123456789-abcdefghij"));

    /// <summary>The host setting that turns access control on with <see cref="SigningKey"/>.</summary>
    public static string Setting => $"--Auth:SigningKey={SigningKey}";

    public static string Admin(string sub = "u-admin") => Mint(sub, ["admin"]);

    public static string Display(string branchId) => Mint($"tv-{branchId}", ["display"], branches: [branchId]);

    public static string Supervisor(string sub, string[]? teams = null, string[]? branches = null) =>
        Mint(sub, ["supervisor"], branches, teams);

    public static string Ingest(string sub, params string[] branches) => Mint(sub, ["ingest"], branches);

    public static string Mint(
        string sub,
        string[] roles,
        string[]? branches = null,
        string[]? teams = null,
        TimeSpan? lifetime = null,
        DateTimeOffset? notBefore = null,
        string issuer = "tracking",
        string audience = "tracking",
        string? signingKey = null,
        IDictionary<string, object>? extraClaims = null)
    {
        var now = DateTimeOffset.UtcNow;
        var identity = new ClaimsIdentity();
        identity.AddClaim(new Claim("sub", sub));
        foreach (var role in roles) identity.AddClaim(new Claim("role", role));
        foreach (var branch in branches ?? []) identity.AddClaim(new Claim("branch", branch));
        foreach (var team in teams ?? []) identity.AddClaim(new Claim("team", team));
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        // An already expired token was valid before it expired.
        var start = notBefore ?? (expires < now ? expires.AddMinutes(-10) : now.AddMinutes(-1));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = identity,
            IssuedAt = start.UtcDateTime,
            NotBefore = start.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = extraClaims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The same claims as a valid admin token, but with header <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string sub = "u-admin")
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url($"{{\"sub\":\"{sub}\",\"role\":\"admin\",\"iss\":\"tracking\",\"aud\":\"tracking\",\"exp\":{exp}}}")}.";
    }

    /// <summary>A valid token whose payload was changed after signing (e.g. a display token made admin).</summary>
    public static string Tampered(string token, string from, string to)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace(from, to, StringComparison.Ordinal);
        return $"{parts[0]}.{Base64Url(payload)}.{parts[2]}";
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}
