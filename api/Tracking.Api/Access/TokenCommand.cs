using System.CommandLine;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tracking.Api.Access;

/// <summary>
/// <c>dotnet run --project api/Tracking.Api -- token --role display --branch SZ01 --days 365</c>: prints a token
/// signed with the configured <c>Auth:SigningKey</c> (appsettings, environment <c>Auth__SigningKey</c>, or
/// <c>--key</c>) for screens and scripts. Nothing is started.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var roles = new Option<string[]>("--role") { Description = "admin, ingest, supervisor or display (repeatable)", Required = true, Arity = ArgumentArity.OneOrMore };
        var branches = new Option<string[]>("--branch") { Description = "a branch the token is scoped to (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var teams = new Option<string[]>("--team") { Description = "a team the token is scoped to (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var subject = new Option<string?>("--sub") { Description = "the subject (default: the first role and scope, e.g. display-SZ01)" };
        var days = new Option<double?>("--days") { Description = "lifetime in days" };
        var minutes = new Option<double?>("--minutes") { Description = "lifetime in minutes (default 60 when no --days)" };
        var key = new Option<string?>("--key") { Description = "base64 signing key (default: the configured Auth:SigningKey)" };
        var command = new RootCommand("Print a bearer token signed with the configured key.") { roles, branches, teams, subject, days, minutes, key };
        command.SetAction(parsed =>
        {
            var signingKey = parsed.GetValue(key) ?? configuration["Auth:SigningKey"];
            if (string.IsNullOrWhiteSpace(signingKey) || !AccessControl.IsValidSigningKey(signingKey.Trim()))
            {
                error.WriteLine($"No usable signing key: set Auth:SigningKey (base64, at least {AccessControl.MinimumKeyBytes} bytes) or pass --key.");
                return 2;
            }
            var wanted = parsed.GetValue(roles) ?? [];
            if (wanted.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
            {
                error.WriteLine($"Unknown role '{unknown}' (admin, ingest, supervisor, display).");
                return 2;
            }
            var lifetime = parsed.GetValue(days) is { } d ? TimeSpan.FromDays(d) : TimeSpan.FromMinutes(parsed.GetValue(minutes) ?? 60);
            var access = AccessControl.From(configuration);
            output.WriteLine(Mint(signingKey.Trim(), access.Issuer, access.Audience,
                new TokenClaims(parsed.GetValue(subject), wanted, parsed.GetValue(branches) ?? [], parsed.GetValue(teams) ?? []),
                DateTimeOffset.UtcNow, lifetime));
            return 0;
        });
        return command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>An HS256 JWT with the access claims, valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public static string Mint(string base64Key, string issuer, string audience, TokenClaims claims, DateTimeOffset now, TimeSpan lifetime)
    {
        var identity = new ClaimsIdentity();
        identity.AddClaim(new Claim(AccessClaims.Subject, claims.Subject ?? DefaultSubject(claims)));
        foreach (var role in claims.Roles) identity.AddClaim(new Claim(AccessClaims.Role, role));
        foreach (var branch in claims.Branches) identity.AddClaim(new Claim(AccessClaims.Branch, branch));
        foreach (var team in claims.Teams) identity.AddClaim(new Claim(AccessClaims.Team, team));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = identity,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(AccessControl.SigningKeyBytes(base64Key)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string DefaultSubject(TokenClaims claims) =>
        string.Join('-', new[] { claims.Roles.FirstOrDefault() ?? "token" }.Concat(claims.Branches.Take(1)).Concat(claims.Teams.Take(1)));
}

/// <summary>Who a minted token speaks for: subject, roles, and the branches and teams that scope it.</summary>
public sealed record TokenClaims(string? Subject, IReadOnlyList<string> Roles, IReadOnlyList<string> Branches, IReadOnlyList<string> Teams);
