using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Endpoints;

namespace Tracking.Api.Access;

/// <summary>
/// API keys of ingest systems as an authentication scheme: a request with <c>X-Api-Key: &lt;key&gt;</c> acts as role
/// <c>ingest</c>, subject <c>apikey:&lt;id&gt;</c>, scoped to the key's branches (none: every branch).
/// </summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string SubjectPrefix = "apikey:";

    /// <summary>Adds the <see cref="Scheme"/> scheme; which requests it authenticates is the caller's to set up.</summary>
    public static AuthenticationBuilder AddApiKeyAuthentication(this AuthenticationBuilder builder) =>
        builder.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, displayName: "API key", _ => { });

    /// <summary>Whether the request presents an API key (so the API key scheme, not a bearer token, is to judge it).</summary>
    public static bool IsPresented(HttpRequest request) => request.Headers.ContainsKey(Header);

    /// <summary>The caller a verified key identifies: claims named as in <see cref="AccessClaims"/>.</summary>
    public static ClaimsPrincipal Principal(ApiKeyInfo key)
    {
        var identity = new ClaimsIdentity(Scheme, AccessClaims.Subject, AccessClaims.Role);
        identity.AddClaim(new Claim(AccessClaims.Subject, SubjectPrefix + key.Id));
        identity.AddClaim(new Claim(AccessClaims.Role, Roles.Ingest));
        foreach (var branchId in key.BranchIds) identity.AddClaim(new Claim(AccessClaims.Branch, branchId));
        return new ClaimsPrincipal(identity);
    }
}

/// <summary>
/// Judges the <c>X-Api-Key</c> header: absent, no result (another scheme may judge the request); malformed,
/// unknown or revoked, a failure whose challenge is a 401 problem. Every request asks the key registry again,
/// so a revoked key fails on its next request, whichever node it reaches.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Refused = "The API key is not valid: it is malformed, unknown or revoked.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyAuthentication.Header, out var values)) return AuthenticateResult.NoResult();
        if (values.Count != 1 || !ApiKeyFormat.TryGetId(values[0], out _)) return AuthenticateResult.Fail(Refused);

        var key = await grains.GetGrain<IApiKeyRegistryGrain>(IApiKeyRegistryGrain.Key).Verify(values[0]!);
        return key is null
            ? AuthenticateResult.Fail(Refused)
            : AuthenticateResult.Success(new AuthenticationTicket(ApiKeyAuthentication.Principal(key), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        // Either credential would do here: a bearer token or an API key.
        Response.Headers.WWWAuthenticate = new(["Bearer", ApiKeyAuthentication.Scheme]);
        await Problems.Write(Context, "Unauthorized.", StatusCodes.Status401Unauthorized,
            result.Failure is null ? $"Send an API key in the {ApiKeyAuthentication.Header} header." : Refused);
    }
}
