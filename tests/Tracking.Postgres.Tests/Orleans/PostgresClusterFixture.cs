using Tracking.TestSupport;
using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using Tracking.Persistence.Hosting;
using Tracking.Postgres.Tests.Infrastructure;

namespace Tracking.Postgres.Tests.Orleans;

/// <summary>
/// A two-silo test cluster on a fresh, EMPTY database: clustering, grain storage and reminders all on PostgreSQL
/// through <see cref="TrackingPostgresHostingExtensions.UseTrackingPostgres"/>, and a client that finds the
/// gateways in the membership table. The silos start only if the schema migration ran before Orleans read
/// its queries.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    internal const string ConnectionStringKey = "TrackingPostgresTests:ConnectionString";

    public TemporaryDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>
    /// Per silo start: how many migrations schema_version held when the silo entered RuntimeInitialize, the first
    /// stage in which Orleans' own components start (membership reads its table later, at RuntimeGrainServices).
    /// </summary>
    public static ConcurrentDictionary<string, long> SchemaVersionsAtRuntimeInitialize { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TemporaryDatabase.CreateAsync("orleans");
        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[ConnectionStringKey] = Database.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration[ConnectionStringKey]
                ?? throw new InvalidOperationException("No connection string in the test cluster configuration.");
            siloBuilder.UseTrackingPostgres(connectionString);
            siloBuilder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider =>
                new SchemaProbe(connectionString, provider.GetRequiredService<ILocalSiloDetails>()));
            // Let the reminder test tick within seconds.
            siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseTrackingPostgresClustering(configuration[ConnectionStringKey]
                ?? throw new InvalidOperationException("No connection string in the test cluster configuration."));
    }

    private sealed class SchemaProbe(string connectionString, ILocalSiloDetails silo) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SchemaProbe), ServiceLifecycleStage.RuntimeInitialize, async cancellationToken =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var count = new NpgsqlCommand(
                    "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE (SELECT count(*) FROM schema_version) END", connection);
                SchemaVersionsAtRuntimeInitialize[silo.Name] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            });
    }
}
