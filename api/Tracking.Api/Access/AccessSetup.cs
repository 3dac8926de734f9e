using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Tracking.Api.Access;

/// <summary>
/// Wires access control into the host: JWT bearer tokens (Microsoft.AspNetCore.Authentication.JwtBearer, HS256 with
/// <c>Auth:SigningKey</c> or an OpenID Connect <c>Auth:Authority</c>), the access rules as authorization requirements,
/// and problem-details answers for 401 and 403. With access control off the same rules are registered and allow everything,
/// so endpoints are declared once whatever the mode.
/// </summary>
public static class AccessSetup
{
    /// <summary>The default scheme: a bearer token, or an API key when <c>X-Api-Key</c> is sent.</summary>
    public const string Scheme = "Tracking";
    /// <summary>The longest clock difference tolerated on <c>exp</c> and <c>nbf</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    public const string HubPath = "/hubs";

    public static IServiceCollection AddTrackingAccess(this IServiceCollection services, AccessControl access, IConfiguration configuration)
    {
        services.AddSingleton(access);
        services.AddSingleton<AccessScope>();
        services.AddSingleton<DisplayPolicies>();
        services.AddSingleton<DisplayShapes>();
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblems>();
        services.AddAuthorization();
        var authentication = services.AddAuthentication(Scheme);
        authentication.AddPolicyScheme(Scheme, "Bearer token or API key", o => o.ForwardDefaultSelector = SchemeFor);
        authentication.AddJwtBearer(o => ConfigureBearer(o, access, configuration));
        authentication.AddApiKeyAuthentication();
        return services;
    }

    /// <summary>Authentication (only when access control is on) and authorization in the pipeline, before the endpoints.</summary>
    public static IApplicationBuilder UseTrackingAccess(this IApplicationBuilder app, AccessControl access) =>
        (access.IsOn ? app.UseAuthentication() : app).UseAuthorization();

    /// <summary>The hub's negotiate and connection need a valid token when access control is on.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder endpoint, AccessControl access) where TBuilder : IEndpointConventionBuilder =>
        access.IsOn ? endpoint.RequireAuthorization(policy => policy.RequireAuthenticatedUser()) : endpoint;

    private static string SchemeFor(HttpContext context) =>
        ApiKeyAuthentication.IsPresented(context.Request) ? ApiKeyAuthentication.Scheme : JwtBearerDefaults.AuthenticationScheme;

    private static void ConfigureBearer(JwtBearerOptions options, AccessControl access, IConfiguration configuration)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = access.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            NameClaimType = AccessClaims.Subject,
            RoleClaimType = AccessClaims.Role,
        };
        if (access.SigningKey is { } key)
        {
            options.TokenValidationParameters.ValidIssuer = access.Issuer;
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(AccessControl.SigningKeyBytes(key));
            options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else if (access.Authority is { } authority)
        {
            options.Authority = authority;
            options.Audience = access.Audience;
            options.RequireHttpsMetadata = configuration.GetValue("Auth:RequireHttpsMetadata", true);
        }
        options.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSockets: the hub also takes the token from access_token.
            OnMessageReceived = context =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments(HubPath) &&
                    context.Request.Query["access_token"] is { Count: > 0 } token && !string.IsNullOrEmpty(token[0]))
                {
                    context.Token = token[0];
                }
                return Task.CompletedTask;
            },
            // The clock skew forgives a request a token that just expired, but a live connection opened with one would be
            // closed at once (connections close when their token expires): a screen reconnecting then got a cancelled
            // handshake instead of a plain 401 telling it the token expired.
            OnTokenValidated = context =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments(HubPath) && context.SecurityToken.ValidTo <= DateTime.UtcNow)
                    context.Fail("The token has expired: no live connection is opened with it.");
                return Task.CompletedTask;
            },
        };
    }
}
