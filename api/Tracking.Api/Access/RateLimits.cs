using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Tracking.Api.Access;

/// <summary>
/// How many requests a second one caller may make while access control is on: a token bucket per caller (the
/// token's <c>sub</c>, <c>apikey:&lt;id&gt;</c> for an API key) for ingest and one for reads, each refilled every second
/// and holding twice that for bursts. <c>Limits:IngestPerSecond</c> (default 500) and <c>Limits:ReadsPerSecond</c>
/// (default 100). With access control off there is no caller to tell apart, and no limit.
/// </summary>
public sealed record RateLimitSettings(bool On, int IngestPerSecond, int ReadsPerSecond)
{
    public const string Section = "Limits";
    public const int DefaultIngestPerSecond = 500;
    public const int DefaultReadsPerSecond = 100;

    public static RateLimitSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new RateLimitSettings(AccessControl.From(configuration).IsOn,
            PerSecond(section, "IngestPerSecond", DefaultIngestPerSecond), PerSecond(section, "ReadsPerSecond", DefaultReadsPerSecond));
    }

    /// <summary>A bucket refilled with <paramref name="perSecond"/> tokens every second, holding twice that; a request finding it empty waits for nothing.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = 2 * perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static int PerSecond(IConfigurationSection section, string key, int fallback)
    {
        var value = section.GetValue(key, fallback);
        return value >= 1 ? value : throw new InvalidOperationException($"{Section}:{key} must be a whole number of at least 1 (got {value}).");
    }
}

/// <summary>
/// The rate limits of the HTTP API and the hub (see <see cref="RateLimitSettings"/>): the named policies
/// <see cref="Ingest"/> and <see cref="Reads"/> of ASP.NET Core's rate limiter, and <see cref="HubRateLimitFilter"/>.
/// Over a limit the answer is 429 problem+json with <c>Retry-After</c> in whole seconds.
/// </summary>
public static class RateLimits
{
    public const string Ingest = "ingest";
    public const string Reads = "reads";
    private const string TooManyRequestsType = "https://tools.ietf.org/html/rfc6585#section-4";

    /// <summary>
    /// Registers the policies and the hub filter. The pipeline must run <c>app.UseRateLimiter()</c> after
    /// authentication (the buckets are per <c>sub</c>) and before the endpoints.
    /// </summary>
    public static IServiceCollection AddTrackingRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = RateLimitSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(Ingest, PerCaller(settings.On, settings.IngestPerSecond));
            limiter.AddPolicy(Reads, PerCaller(settings.On, settings.ReadsPerSecond));
        });
        services.AddSingleton<HubRateLimitFilter>();
        services.Configure<HubOptions>(hub => hub.AddFilter<HubRateLimitFilter>());
        return services;
    }

    /// <summary>
    /// Puts every GET of the group that has no rate-limit setting of its own under <see cref="Reads"/>. A convention
    /// that runs last, so it sees each endpoint's methods and whatever its own mapping set.
    /// </summary>
    public static RouteGroupBuilder WithReadRateLimits(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var isGet = endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Get));
            var hasOwn = endpoint.Metadata.Any(m => m is EnableRateLimitingAttribute or DisableRateLimitingAttribute);
            if (isGet && !hasOwn)
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(Reads));
                endpoint.Metadata.Add(TooManyRequests());
            }
        });
        return group;
    }

    /// <summary>Puts the endpoint under the named policy (<see cref="Ingest"/> or <see cref="Reads"/>), its 429 declared in OpenAPI.</summary>
    public static TBuilder LimitedBy<TBuilder>(this TBuilder endpoint, string policy) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireRateLimiting(policy).WithMetadata(TooManyRequests());

    private static ProducesResponseTypeMetadata TooManyRequests() =>
        new(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]);

    /// <summary>Who is counted: the caller's <c>sub</c>, or (a caller without one, refused later anyway) its address.</summary>
    public static string Caller(ClaimsPrincipal? user, IPAddress? remote) =>
        user?.FindFirst(AccessClaims.Subject)?.Value ?? $"address:{remote}";

    /// <summary>
    /// A policy's partitioner: a bucket per caller, or one partition without a limit while access control is off.
    /// Built once, so a request allocates no delegate or options of its own.
    /// </summary>
    private static Func<HttpContext, RateLimitPartition<string>> PerCaller(bool on, int perSecond)
    {
        if (!on)
        {
            var unlimited = RateLimitPartition.GetNoLimiter("");
            return _ => unlimited;
        }
        var bucket = RateLimitSettings.Bucket(perSecond);
        Func<string, TokenBucketRateLimiterOptions> options = _ => bucket;
        return context => RateLimitPartition.GetTokenBucketLimiter(Caller(context.User, context.Connection.RemoteIpAddress), options);
    }

    /// <summary>Whole seconds until the bucket holds a token again, at least 1.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = RetryAfterSeconds(rejected.Lease);
        var settings = context.RequestServices.GetRequiredService<RateLimitSettings>();
        var (what, perSecond) = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Ingest
            ? ("ingest requests", settings.IngestPerSecond)
            : ("reads", settings.ReadsPerSecond);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // 429 has no default problem type, so it is named here like the others: the status' definition.
        await TypedResults.Problem(
                detail: $"More than {perSecond} {what} a second (bursts up to {2 * perSecond}) from this caller; retry in {seconds} s.",
                title: "Too many requests.", statusCode: StatusCodes.Status429TooManyRequests, type: TooManyRequestsType)
            .ExecuteAsync(context);
    }
}
