using Tracking.TestSupport;
using System.Reflection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;
using Tracking.Persistence.Schema;
using Tracking.Postgres.Tests.Infrastructure;

namespace Tracking.Postgres.Tests.Schema;

public sealed class SchemaMigratorTests
{
    private static readonly int[] ExpectedVersions = [1, 2, 3, 4];

    [Fact]
    public void Embedded_migrations_are_numbered_from_the_deploy_sql_folder()
    {
        Assert.Equal(ExpectedVersions, SchemaMigration.Embedded.Select(m => m.Version));
        Assert.Equal(["orleans_clustering", "orleans_persistence", "orleans_reminders", "event_log"], SchemaMigration.Embedded.Select(m => m.Name));
        var onDisk = Directory.GetFiles(Path.Combine(TestPostgres.RepositoryRoot, "deploy", "sql"), "*.sql").Select(Path.GetFileName).Order();
        Assert.Equal(onDisk, SchemaMigration.Embedded.Select(m => $"{m.Version:000}_{m.Name}.sql"));
    }

    [Fact]
    public async Task Applies_every_migration_once_and_records_it()
    {
        await using var database = await TemporaryDatabase.CreateAsync("migrate");
        var migrator = new SchemaMigrator(database.ConnectionString);

        Assert.Empty(await migrator.GetAppliedVersionsAsync());
        var applied = await migrator.MigrateAsync();
        Assert.Equal(ExpectedVersions, applied.Select(m => m.Version));
        Assert.Equal(ExpectedVersions, await migrator.GetAppliedVersionsAsync());

        foreach (var table in new[] { "orleansquery", "orleans_cluster_version", "orleans_cluster_member", "orleans_grain_state", "orleans_reminder", "event_log" })
        {
            Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", table), table);
        }

        Assert.Empty(await migrator.MigrateAsync());
        Assert.Empty(await new SchemaMigrator(database.ConnectionString).MigrateAsync());
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        await using var database = await TemporaryDatabase.CreateAsync("concurrent");
        using var start = new ManualResetEventSlim();
        var runs = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await new SchemaMigrator(database.ConnectionString).MigrateAsync();
            }))
            .ToArray();
        start.Set();
        var results = await Task.WhenAll(runs);

        Assert.Equal(ExpectedVersions, results.SelectMany(r => r).Select(m => m.Version).Order());
        Assert.Single(results, r => r.Count == ExpectedVersions.Length);
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_database_as_it_was()
    {
        await using var database = await TemporaryDatabase.CreateAsync("failing");
        await new SchemaMigrator(database.ConnectionString).MigrateAsync();
        var broken = SchemaMigration.Embedded.Append(new SchemaMigration(5, "broken", "CREATE TABLE half_done (x int); SELECT 1 / 0;")).ToList();

        await Assert.ThrowsAsync<PostgresException>(() => new SchemaMigrator(database.ConnectionString, broken).MigrateAsync());

        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('half_done') IS NOT NULL"));
        Assert.Equal(4, await database.ScalarAsync<int>("SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public async Task A_changed_migration_is_refused()
    {
        await using var database = await TemporaryDatabase.CreateAsync("changed");
        await new SchemaMigrator(database.ConnectionString).MigrateAsync();
        var changed = SchemaMigration.Embedded
            .Select(m => m.Version == 4 ? m with { Sql = m.Sql + "\n-- edited after release\n" } : m)
            .ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(database.ConnectionString, changed).MigrateAsync());
        Assert.Contains("004_event_log", error.Message);
    }

    [Fact]
    public async Task A_database_migrated_with_a_comment_only_earlier_revision_starts_unchanged()
    {
        // 002 and 004 were shipped with a first comment line that pointed outside the repository; databases made
        // then recorded those scripts' checksums, and must still start.
        await using var database = await TemporaryDatabase.CreateAsync("revision");
        await new SchemaMigrator(database.ConnectionString).MigrateAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand(
                "UPDATE schema_version SET checksum = CASE version " +
                "WHEN 2 THEN '80d426c84a7bf3a9cfddc6a8ee7997e04e885b6b2534862e4f9b1bbe0d86e776' " +
                "WHEN 4 THEN '63beb124619d65d1c538f5ae4d7cf82a5e70c4aa9cdca63dbbc0c5310756e73e' END WHERE version IN (2, 4)", connection);
            Assert.Equal(2, await update.ExecuteNonQueryAsync());
        }

        Assert.Empty(await new SchemaMigrator(database.ConnectionString).MigrateAsync());
        var edited = SchemaMigration.Embedded.Select(m => m.Version == 2 ? m with { Sql = m.Sql + "\n-- edited\n" } : m).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(database.ConnectionString, edited).MigrateAsync());
    }

    [Fact]
    public async Task OrleansQuery_holds_every_query_key_the_Orleans_providers_require()
    {
        await using var database = await TemporaryDatabase.CreateAsync("keys");
        await new SchemaMigrator(database.ConnectionString).MigrateAsync();
        var keys = new HashSet<string>();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        // The clustering and reminder providers validate their key list by reflection over DbStoredQueries'
        // properties; read the same list from the Orleans assemblies in use, so an Orleans upgrade that adds a
        // key fails here rather than at silo start.
        var required = StoredQueryKeys(typeof(AdoNetClusteringTable).Assembly, "Orleans.Clustering.AdoNet.Storage.DbStoredQueries")
            .Concat(StoredQueryKeys(typeof(AdoNetReminderTableOptions).Assembly, "Orleans.Reminders.AdoNet.Storage.DbStoredQueries"))
            // Grain storage reads these by literal key (DeleteStorageKey is optional, for DeleteStateOnClear).
            .Concat(["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"])
            .ToList();

        Assert.True(required.Count >= 20, $"only {required.Count} keys found by reflection");
        Assert.All(required, key => Assert.Contains(key, keys));
    }

    private static IEnumerable<string> StoredQueryKeys(Assembly assembly, string typeName)
    {
        var type = assembly.GetType(typeName, throwOnError: true)!;
        return type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name);
    }
}
