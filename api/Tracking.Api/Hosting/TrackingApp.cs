using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracking.Abstractions;
using System.Net;
using Orleans.Configuration;
using Tracking.Persistence.Hosting;
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
        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        builder.Services.AddHealthChecks();
        builder.Services.AddSignalR().AddMessagePackProtocol();
        builder.Services.AddSingleton<PushRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PushRelay>());

        var connectionString = builder.Configuration.GetConnectionString("Tracking");
        var durable = !string.IsNullOrWhiteSpace(connectionString);
        builder.UseOrleans(silo =>
        {
            silo.AddTrackingGrains();
            silo.Configure<ClusterOptions>(o => { o.ClusterId = "tracking"; o.ServiceId = "tracking"; });
            if (durable) ConfigureDurableSilo(silo, builder.Configuration, connectionString!);
            else ConfigureEmbeddedSilo(silo, builder.Configuration);
        });

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
        app.MapHealthChecks("/health");

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (durable)
                app.Logger.LogInformation("Durable mode: events, grain state, membership and reminders are kept in PostgreSQL ({Database}).",
                    DescribeDatabase(connectionString!));
            else
                app.Logger.LogWarning(
                    "Embedded mode: state is kept in memory only and is NOT durable; it is lost when this process stops. " +
                    "Set ConnectionStrings:Tracking to a PostgreSQL database to keep it.");
        });
        return app;
    }

    /// <summary>
    /// Durable mode: the event log, grain state, cluster membership and reminders live in PostgreSQL, and
    /// several such hosts with the same database form one cluster. Each node advertises
    /// Orleans:AdvertisedIP (default 127.0.0.1) with its own Orleans:SiloPort and Orleans:GatewayPort.
    /// </summary>
    private static void ConfigureDurableSilo(ISiloBuilder silo, IConfiguration configuration, string connectionString)
    {
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var advertised = IPAddress.Parse(configuration.GetValue("Orleans:AdvertisedIP", "127.0.0.1")!);
        silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
        silo.UseTrackingPostgres(connectionString);
    }

    private static string DescribeDatabase(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{csb.Host}:{csb.Port}/{csb.Database}";
    }

    /// <summary>
    /// The embedded default: one silo on localhost, in-memory grain storage and event log, no external service.
    /// Ports come from Orleans:SiloPort and Orleans:GatewayPort so several hosts can share a machine.
    /// </summary>
    private static void ConfigureEmbeddedSilo(ISiloBuilder silo, IConfiguration configuration)
    {
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        silo.UseLocalhostClustering(siloPort, gatewayPort);
        silo.AddMemoryGrainStorage("tracking");
        silo.AddMemoryGrainStorageAsDefault();
        silo.Services.AddSingleton<IEventLog, InMemoryEventLog>();
    }
}
