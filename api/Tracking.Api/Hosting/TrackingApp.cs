using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracking.Abstractions;
using Orleans.Configuration;
using Tracking.Abstractions.Storage;
using Tracking.Api.Endpoints;
using Tracking.Api.Live;
using Tracking.Grains;
using Tracking.Grains.Push;
using Tracking.Grains.Storage;

namespace Tracking.Api.Hosting;

/// <summary>Builds the single-process host: the HTTP API and the SignalR hub, co-hosting an Orleans silo.</summary>
public static class TrackingApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.Services.TryAddKeyedSingleton(TrackingTime.ServiceKey, TimeProvider.System);
        builder.Services.Configure<PushOptions>(builder.Configuration.GetSection("Push"));
        builder.Services.Configure<LedgerOptions>(builder.Configuration.GetSection("Ledger"));
        builder.Services.AddProblemDetails();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<PushRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PushRelay>());

        builder.UseOrleans(silo => ConfigureEmbeddedSilo(silo, builder.Configuration));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();

        var api = app.MapGroup("/api/v1");
        api.MapOrgEndpoints();
        api.MapEventEndpoints();
        api.MapStatsEndpoints();
        api.MapTargetEndpoints();
        app.MapHub<TrackingHub>("/hubs/tracking");

        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogWarning(
            "Embedded mode: state is kept in memory only and is NOT durable; it is lost when this process stops. " +
            "Set ConnectionStrings:Tracking to a PostgreSQL database to keep it."));
        return app;
    }

    /// <summary>
    /// The embedded default: one silo on localhost, in-memory grain storage and event log, no external service.
    /// Ports come from Orleans:SiloPort and Orleans:GatewayPort so several hosts can share a machine.
    /// </summary>
    private static void ConfigureEmbeddedSilo(ISiloBuilder silo, IConfiguration configuration)
    {
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        silo.AddTrackingGrains();
        silo.UseLocalhostClustering(siloPort, gatewayPort);
        silo.Configure<ClusterOptions>(o => { o.ClusterId = "tracking"; o.ServiceId = "tracking"; });
        silo.AddMemoryGrainStorage("tracking");
        silo.AddMemoryGrainStorageAsDefault();
        silo.Services.AddSingleton<IEventLog, InMemoryEventLog>();
    }
}
