using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Tracking.Abstractions;
using Tracking.Abstractions.Grains;
using Tracking.Abstractions.Storage;
using Tracking.Grains;
using Tracking.Grains.Agents;
using Tracking.Grains.Notifications;
using Tracking.Grains.Push;
using Tracking.Grains.Storage;
using Tracking.Grains.WebPush;
using Tracking.Persistence.Hosting;

namespace Tracking.Hosting;

/// <summary>
/// How every process of the product joins the Orleans cluster, from configuration:
/// <list type="bullet">
/// <item>no <c>ConnectionStrings:Tracking</c> — the embedded default: one silo on localhost, in-memory grain
/// storage and event log, nothing durable;</item>
/// <item>with it — durable on PostgreSQL (event log, grain state, membership, reminders), and any number of
/// silos with the same database form one cluster.</item>
/// </list>
/// Settings: <c>Orleans:SiloPort</c>, <c>Orleans:GatewayPort</c>, <c>Orleans:AdvertisedIP</c> (default 127.0.0.1),
/// <c>Push:CoalescingWindow</c>, <c>Ledger:SnapshotEvery</c>, <c>WebPush:*</c> (VAPID keys and subject), <c>Webhooks:…</c> (docs/api.md, "Webhooks").
/// </summary>
public static class TrackingClusterHosting
{
    public const string ClusterId = "tracking";
    public const string ServiceId = "tracking";

    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Tracking") is { Length: > 0 } cs && !string.IsNullOrWhiteSpace(cs) ? cs : null;

    public static bool IsDurable(IConfiguration configuration) => ConnectionString(configuration) is not null;

    /// <summary>Where the state lives, for a log line ("in memory" or host:port/database).</summary>
    public static string DescribeStore(IConfiguration configuration)
    {
        if (ConnectionString(configuration) is not { } cs) return "in memory (not durable)";
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        return $"PostgreSQL {csb.Host}:{csb.Port}/{csb.Database}";
    }

    /// <summary>Makes this process a silo running the product's grains.</summary>
    public static ISiloBuilder UseTrackingSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddTrackingGrains();
        silo.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ServiceId; });
        silo.Services.Configure<PushOptions>(configuration.GetSection("Push"));
        silo.Services.Configure<LedgerOptions>(configuration.GetSection("Ledger"));
        silo.Services.Configure<WebPushOptions>(configuration.GetSection(WebPushOptions.Section));
        silo.Services.Configure<RenewalOptions>(configuration.GetSection("Renewals"));
        silo.Services.AddIngestOptions(configuration);
        silo.Services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        silo.Services.AddWebhookDelivery();
        // Pending webhook deliveries resume as soon as a silo is up, not at their outbox's next reminder.
        silo.AddStartupTask((services, _) =>
            services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key).WakeOutboxes());

        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        if (ConnectionString(configuration) is { } connectionString)
        {
            var advertised = AdvertisedAddress(configuration);
            silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
            silo.UseTrackingPostgres(connectionString);
        }
        else
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.AddMemoryGrainStorage(TrackingPostgresHostingExtensions.StorageProviderName);
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IEventLog, InMemoryEventLog>();
        }
        return silo;
    }

    /// <summary>
    /// Makes this process a plain client of a separate silo cluster: gateways from the PostgreSQL membership
    /// table, or (embedded) the single local silo's gateway at <c>Orleans:GatewayPort</c>.
    /// </summary>
    public static IClientBuilder UseTrackingClient(this IClientBuilder client, IConfiguration configuration)
    {
        client.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ServiceId; });
        if (ConnectionString(configuration) is { } connectionString)
            client.UseTrackingPostgresClustering(connectionString);
        else
            client.UseLocalhostClustering(configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
        return client;
    }

    private static IPAddress AdvertisedAddress(IConfiguration configuration)
    {
        var text = configuration.GetValue("Orleans:AdvertisedIP", "127.0.0.1")!;
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"Orleans:AdvertisedIP '{text}' is not an IP address.");
    }
}
