using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Api.Access;
using Tracking.Api.Endpoints;
using Tracking.Api.Live;
using Tracking.Api.Validation;
using Tracking.Domain;
using Tracking.Domain.Renewals;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;
using Tracking.Domain.Display;
using Tracking.Hosting;

namespace Tracking.Api.Hosting;

/// <summary>
/// Builds the API host: HTTP endpoints (described at <c>/openapi/v1.json</c>) and the SignalR hub. By default it co-hosts an Orleans silo
/// (a single process is the whole system); with <c>Orleans:Role=client</c> it is a plain client of a
/// separate silo cluster (the <c>silo/Tracking.Silo</c> host).
/// </summary>
public static class TrackingApp
{
    /// <summary>4 MiB: far above the largest sensible batch of events or organisation, far below what would strain the host.</summary>
    public const long MaxRequestBodyBytes = 4L * 1024 * 1024;

    private const string RequestLineCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The largest body any endpoint takes; a larger one is a 413 problem (ValidBody) before it is read in full.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        // The host's request lines carry the whole URL, and a browser's hub URL carries its access token: they are never
        // logged, whatever the configured levels (docs/api.md, "Access control").
        builder.Logging.AddFilter(RequestLineCategory, level => level >= LogLevel.Warning);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var access = AccessControl.From(configuration);
        if (access.RefusalReason(configuration) is { } refusal) throw new AccessRefusedException(refusal);

        builder.Services.TryAddKeyedSingleton(TrackingTime.ServiceKey, TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenApi();
        // Request bodies are read strictly (RequestJsonContext); say so in the OpenAPI schemas too: numbers are JSON numbers.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddIngestOptions(configuration);
        AddRequestValidators(builder.Services);
        builder.Services.AddTrackingAccess(access, configuration);
        builder.Services.AddTrackingRateLimits(configuration);
        builder.Services.AddSignalR().AddMessagePackProtocol();
        builder.Services.AddSingleton<PushRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PushRelay>());

        var clientOnly = string.Equals(configuration["Orleans:Role"], "client", StringComparison.OrdinalIgnoreCase);
        if (clientOnly) builder.UseOrleansClient(client => client.UseTrackingClient(configuration));
        else builder.UseOrleans(silo => silo.UseTrackingSilo(configuration));

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSocketOriginCheck(configuration);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseTrackingAccess(access);
        // After authentication (the buckets are per caller), before the endpoints.
        app.UseRateLimiter();

        // Every endpoint may answer 503 (StoreUnavailableHandler); endpoints with a ValidBody answer its 400 before they run.
        var api = app.MapGroup("/api/v1")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilterFactory(ValidBodies.AnswerInvalid)
            .WithReadRateLimits();
        api.MapOrgEndpoints();
        api.MapEventEndpoints();
        api.MapStatsEndpoints();
        api.MapTargetEndpoints();
        api.MapRenewalEndpoints();
        api.MapAlertEndpoints();
        api.MapCampaignEndpoints();
        api.MapDisplayPolicyEndpoints();
        api.MapApiKeyEndpoints();
        api.MapWebPushEndpoints();
        api.MapWebhookEndpoints();
        // A connection whose token expires is closed by the server; the pages reconnect with their token.
        app.MapHub<TrackingHub>("/hubs/tracking", o => o.CloseOnAuthenticationExpiration = true).RequireCaller(access);
        app.MapHealthChecks("/health");
        app.MapOpenApi();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (access.IsOn || access.ExplicitlyOpen) app.Logger.LogInformation("{Access}", access.Describe());
            else app.Logger.LogWarning("{Access}", access.Describe());
            var role = clientOnly ? "client of a separate silo cluster" : "co-hosting a silo";
            if (TrackingClusterHosting.IsDurable(configuration))
                app.Logger.LogInformation("Tracking API ({Role}); durable: events, grain state, membership and reminders in {Store}.",
                    role, TrackingClusterHosting.DescribeStore(configuration));
            else
                app.Logger.LogWarning(
                    "Embedded mode ({Role}): state is kept in memory only and is NOT durable; it is lost when the process stops. " +
                    "Set ConnectionStrings:Tracking to a PostgreSQL database to keep it.", role);
        });
        return app;
    }

    private static void AddRequestValidators(IServiceCollection services) => services
        .AddRequestValidator<EventsRequest, IReadOnlyList<ActivityEvent>, EventsRequestValidator>()
        .AddRequestValidator<OrgRequest, OrgChanges, OrgRequestValidator>()
        .AddRequestValidator<TargetsRequest, IReadOnlyList<TargetSetting>, TargetsRequestValidator>()
        .AddRequestValidator<AlertRulesRequest, IReadOnlyList<AlertRuleChange>, AlertRulesRequestValidator>()
        .AddRequestValidator<CelebrationRulesRequest, CelebrationSettings, CelebrationRulesRequestValidator>()
        .AddRequestValidator<CampaignRequest, CampaignRules, CampaignRequestValidator>()
        .AddRequestValidator<DisplayPolicyRequest, DisplayPolicy, DisplayPolicyRequestValidator>()
        .AddRequestValidator<ApiKeyRequest, NewApiKey, ApiKeyRequestValidator>()
        .AddRequestValidator<RenewalsDueRequest, IReadOnlyList<RenewalDue>, RenewalsDueRequestValidator>()
        .AddRequestValidator<PushSubscriptionRequest, NewPushSubscription, PushSubscriptionRequestValidator>()
        .AddRequestValidator<WebhookRequest, WebhookDefinition, WebhookRequestValidator>();
}
