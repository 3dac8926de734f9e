using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Tracking.Abstractions.Storage;
using Tracking.Persistence.EventLog;
using Tracking.Persistence.Schema;

namespace Tracking.Persistence.Hosting;

/// <summary>Wires a silo or a client to PostgreSQL (with a PostgreSQL connection string the same binary is durable; docs/design.md, "Architecture").</summary>
public static class TrackingPostgresHostingExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql, as Orleans names it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The named grain storage provider for grains that say <c>[PersistentState("...", "tracking")]</c>.</summary>
    public const string StorageProviderName = "tracking";

    /// <summary>
    /// Makes the silo durable on PostgreSQL: ADO.NET clustering (membership and gateways), ADO.NET grain storage as
    /// the default provider and as <see cref="StorageProviderName"/>, ADO.NET reminders, and
    /// <see cref="PostgresEventLog"/> as the <see cref="IEventLog"/> singleton (replacing any other registration).
    /// The embedded schema migrations run in the silo's first lifecycle stage, before any of these touches a table.
    /// </summary>
    public static ISiloBuilder UseTrackingPostgres(
        this ISiloBuilder builder, string connectionString, Action<PostgresEventLogOptions>? configureEventLog = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var eventLogConnectionString = connectionString;
        connectionString = PostgresPools.LimitUnlessSet(connectionString, PostgresPools.DefaultOrleansPoolSize);

        builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        builder.AddAdoNetGrainStorageAsDefault(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        builder.AddAdoNetGrainStorage(StorageProviderName, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        builder.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });

        var services = builder.Services;
        services.TryAddSingleton(provider => new SchemaMigrator(connectionString, provider.GetService<ILogger<SchemaMigrator>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationStartupStage>();

        services.TryAddSingleton(provider =>
        {
            var options = new PostgresEventLogOptions();
            configureEventLog?.Invoke(options);
            return new PostgresEventLog(eventLogConnectionString, options, provider.GetService<ILogger<PostgresEventLog>>());
        });
        services.RemoveAll<IEventLog>();
        services.AddSingleton<IEventLog>(provider => provider.GetRequiredService<PostgresEventLog>());
        return builder;
    }

    /// <summary>
    /// Lets a plain Orleans client find the silos' gateways in the PostgreSQL membership table. The client does not
    /// migrate the schema: a silo must have started against the database first.
    /// </summary>
    public static IClientBuilder UseTrackingPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }
}
