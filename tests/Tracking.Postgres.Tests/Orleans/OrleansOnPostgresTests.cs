using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;
using Tracking.Abstractions.Storage;
using Tracking.Persistence.EventLog;
using Tracking.Persistence.Hosting;
using Tracking.Persistence.Schema;

namespace Tracking.Postgres.Tests.Orleans;

/// <summary>Orleans 10.4.2's ADO.NET providers running against this project's schema on a real PostgreSQL server.</summary>
public sealed class OrleansOnPostgresTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    private const int ActiveStatus = 3;
    private static readonly GrainType NoteType = GrainType.Create("note");

    private IServiceProvider SiloServices => fixture.Cluster.GetSiloServiceProvider();

    [Fact]
    public async Task Two_silos_form_a_cluster_through_the_postgres_membership_table_after_the_migration_ran()
    {
        Assert.Equal(2, fixture.Cluster.GetActiveSilos().Count());
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM orleans_cluster_member WHERE status = $1", ActiveStatus));
        Assert.Equal(4L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
        Assert.Equal([1, 2, 3, 4], await new SchemaMigrator(fixture.Database.ConnectionString).GetAppliedVersionsAsync());
        // The database was empty before the cluster started: each silo's migration had run by the time Orleans started.
        Assert.Equal(2, PostgresClusterFixture.SchemaVersionsAtRuntimeInitialize.Count);
        Assert.All(PostgresClusterFixture.SchemaVersionsAtRuntimeInitialize.Values, count => Assert.Equal(4L, count));

        // The client found the gateways in the table, so grain calls go through.
        var grain = fixture.Cluster.Client.GetGrain<INoteGrain>($"hello-{Guid.NewGuid():N}");
        await grain.WriteAsync("hello");
        Assert.Equal("hello", (await grain.ReadAsync()).Default);
    }

    [Fact]
    public void The_silo_uses_the_postgres_event_log()
    {
        var services = SiloServices;
        var eventLog = services.GetRequiredService<IEventLog>();
        Assert.IsType<PostgresEventLog>(eventLog);
        Assert.True(eventLog.IsDurable);
        Assert.Same(eventLog, services.GetRequiredService<PostgresEventLog>());
    }

    [Fact]
    public async Task Grain_state_in_both_providers_survives_deactivation()
    {
        var key = $"note-{Guid.NewGuid():N}";
        var grain = fixture.Cluster.Client.GetGrain<INoteGrain>(key);
        await grain.WriteAsync("first");
        await grain.WriteAsync("second");
        await grain.DeactivateAsync();
        await Task.Delay(200);

        var (defaultText, trackingText, writes) = await grain.ReadAsync();
        Assert.Equal("second", defaultText);
        Assert.Equal("second", trackingText);
        Assert.Equal(2, writes);
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension = $1 AND version = 2 AND payload IS NOT NULL", key));
    }

    [Fact]
    public async Task Grain_storage_enforces_etags_and_clears()
    {
        var storage = SiloServices.GetRequiredKeyedService<IGrainStorage>(TrackingPostgresHostingExtensions.StorageProviderName);
        GrainId[] ids =
        [
            GrainId.Create("note", $"s-{Guid.NewGuid():N}"),
            GrainId.Create(NoteType, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64())),
            GrainId.Create(NoteType, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64(), "ext")),
            GrainId.Create(NoteType, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
            GrainId.Create(NoteType, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "ext")),
        ];

        foreach (var id in ids)
        {
            var state = new GrainState<NoteState>(new NoteState { Text = "a" });
            await storage.WriteStateAsync("etag-test", id, state);
            Assert.Equal("1", state.ETag);
            Assert.True(state.RecordExists);

            // A second activation that never read the state cannot overwrite it.
            var blind = new GrainState<NoteState>(new NoteState { Text = "blind" });
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("etag-test", id, blind));

            state.State!.Text = "b";
            await storage.WriteStateAsync("etag-test", id, state);
            Assert.Equal("2", state.ETag);

            var stale = new GrainState<NoteState>(new NoteState { Text = "stale" }) { ETag = "1" };
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("etag-test", id, stale));

            var read = new GrainState<NoteState>(new NoteState());
            await storage.ReadStateAsync("etag-test", id, read);
            Assert.Equal("b", read.State!.Text);
            Assert.Equal("2", read.ETag);
            Assert.True(read.RecordExists);

            await storage.ClearStateAsync("etag-test", id, state);
            Assert.Equal("3", state.ETag);
            Assert.False(state.RecordExists);
            var cleared = new GrainState<NoteState>(new NoteState());
            await storage.ReadStateAsync("etag-test", id, cleared);
            Assert.False(cleared.RecordExists);
            Assert.Null(cleared.State!.Text);
            Assert.Equal("3", cleared.ETag);

            cleared.State.Text = "c";
            await storage.WriteStateAsync("etag-test", id, cleared);
            Assert.Equal("4", cleared.ETag);
        }

        // Five distinct keys (string, integer, integer + extension, guid, guid + extension): five rows.
        Assert.Equal(5L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'etag-test'"));
    }

    [Fact]
    public async Task A_reminder_is_stored_fires_and_is_removed()
    {
        var key = $"remind-{Guid.NewGuid():N}";
        var grain = fixture.Cluster.Client.GetGrain<INoteGrain>(key);
        await grain.StartReminderAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE grain_id LIKE $1", $"%{key}"));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await grain.GetTicksAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(await grain.GetTicksAsync() > 0, "the reminder never fired");
        await grain.StopReminderAsync();
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE grain_id LIKE $1", $"%{key}"));
    }

    [Fact]
    public async Task The_reminder_table_reads_rows_by_grain_and_by_plain_and_wrapping_hash_ranges()
    {
        var table = SiloServices.GetRequiredService<IReminderTable>();
        var grains = Enumerable.Range(0, 6).Select(i => GrainId.Create("note", $"range-{i}-{Guid.NewGuid():N}")).ToList();
        var etags = new Dictionary<GrainId, string>();
        var start = DateTime.UtcNow.AddHours(1);
        foreach (var grain in grains)
        {
            var etag = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "r", StartAt = start, Period = TimeSpan.FromDays(40) });
            Assert.NotNull(etag);
            etags[grain] = etag;
        }

        var row = await table.ReadRow(grains[0], "r");
        Assert.NotNull(row);
        Assert.Equal(grains[0], row.GrainId);
        Assert.Equal(TimeSpan.FromDays(40), row.Period);
        Assert.Equal(start, row.StartAt, TimeSpan.FromMilliseconds(1));
        Assert.Single((await table.ReadRows(grains[0])).Reminders);
        Assert.Null(await table.ReadRow(grains[0], "no-such-reminder"));

        // An update moves the etag; the old one can no longer delete the row.
        var updated = await table.UpsertRow(new ReminderEntry { GrainId = grains[0], ReminderName = "r", StartAt = start, Period = TimeSpan.FromDays(41) });
        Assert.NotEqual(etags[grains[0]], updated);
        Assert.False(await table.RemoveRow(grains[0], "r", etags[grains[0]]));
        Assert.True(await table.RemoveRow(grains[0], "r", updated!));
        grains.RemoveAt(0);

        var hashes = grains.Select(g => g.GetUniformHashCode()).OrderBy(h => unchecked((int)h)).ToList();
        var ours = new HashSet<GrainId>(grains);

        // The whole ring as one plain range (signed begin < end) and as a wrapping one (begin >= end).
        var all = await table.ReadRows(unchecked((uint)int.MinValue), unchecked((uint)int.MaxValue));
        Assert.Equal(ours, all.Reminders.Select(r => r.GrainId).Where(ours.Contains).ToHashSet());
        var lowest = hashes[0];
        var highest = hashes[^1];
        var wrapped = await table.ReadRows(highest, lowest);
        var expectedWrapped = grains.Where(g => g.GetUniformHashCode() == lowest).ToHashSet();
        Assert.Equal(expectedWrapped, wrapped.Reminders.Select(r => r.GrainId).Where(ours.Contains).ToHashSet());
        var middle = await table.ReadRows(lowest, highest);
        var expectedMiddle = grains.Where(g => g.GetUniformHashCode() != lowest).ToHashSet();
        Assert.Equal(expectedMiddle, middle.Reminders.Select(r => r.GrainId).Where(ours.Contains).ToHashSet());

        foreach (var grain in grains)
        {
            Assert.True(await table.RemoveRow(grain, "r", etags[grain]));
        }
    }

    [Fact]
    public async Task The_membership_table_honours_the_version_contract()
    {
        // A table of its own (another cluster id) so the running cluster is not disturbed.
        var clusterId = $"contract-{Guid.NewGuid():N}";
        var clusterOptions = Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "contract" });
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            clusterOptions,
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = fixture.Database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);

        await table.InitializeMembershipTableAsync(true);
        await table.InitializeMembershipTableAsync(true);
        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var now = DateTime.UtcNow;
        var silo = SiloAddress.New(IPAddress.Loopback, 11111, 42);
        var entry = new MembershipEntry
        {
            SiloAddress = silo, SiloName = "silo-1", HostName = "host-1", Status = SiloStatus.Joining,
            ProxyPort = 30000, StartTime = now, IAmAliveTime = now,
        };
        Assert.True(await table.InsertRowAsync(entry, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(entry, empty.Version.Next()));   // stale version
        var afterInsert = await table.ReadAllAsync();
        Assert.False(await table.InsertRowAsync(entry, afterInsert.Version.Next())); // same silo twice
        Assert.Equal(afterInsert.Version.Version, (await table.ReadAllAsync()).Version.Version);

        var (stored, etag) = Assert.Single((await table.ReadRowAsync(silo)).Members);
        Assert.Equal(silo, stored.SiloAddress);
        Assert.Equal("silo-1", stored.SiloName);
        Assert.Equal("host-1", stored.HostName);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal(30000, stored.ProxyPort);
        Assert.Equal(now, stored.StartTime, TimeSpan.FromMilliseconds(1));

        var suspect = SiloAddress.New(IPAddress.Loopback, 22222, 7);
        entry.Status = SiloStatus.Active;
        entry.SuspectTimes = [Tuple.Create(suspect, now)];
        var current = (await table.ReadAllAsync()).Version;
        Assert.True(await table.UpdateRowAsync(entry, etag, current.Next()));
        Assert.False(await table.UpdateRowAsync(entry, etag, current.Next()));   // stale version
        var unknown = new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, 33333, 1), SiloName = "x", HostName = "x",
            Status = SiloStatus.Active, StartTime = now, IAmAliveTime = now,
        };
        var beforeUnknown = (await table.ReadAllAsync()).Version;
        Assert.False(await table.UpdateRowAsync(unknown, etag, beforeUnknown.Next()));
        Assert.Equal(beforeUnknown.Version, (await table.ReadAllAsync()).Version.Version);

        var updated = Assert.Single((await table.ReadRowAsync(silo)).Members).Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        var (suspectedBy, suspectedAt) = Assert.Single(updated.SuspectTimes ?? []);
        Assert.Equal(suspect, suspectedBy);
        Assert.Equal(now, suspectedAt, TimeSpan.FromSeconds(1));

        entry.IAmAliveTime = now.AddSeconds(30);
        await table.UpdateIAmAliveAsync(entry);
        Assert.Equal(now.AddSeconds(30), Assert.Single((await table.ReadAllAsync()).Members).Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));

        // Gateways: active silos with a proxy port, read by the client-side provider.
        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = fixture.Database.ConnectionString }),
            Options.Create(new GatewayOptions()),
            clusterOptions);
        await gateways.InitializeGatewayListProvider();
        var gateway = Assert.Single(await gateways.GetGateways());
        Assert.Equal(SiloAddress.New(IPAddress.Loopback, 30000, 42).ToGatewayUri(), gateway);

        // A dead silo that has been silent since before the cut-off is cleaned up; nothing else is.
        var latest = await table.ReadAllAsync();
        entry.Status = SiloStatus.Dead;
        Assert.True(await table.UpdateRowAsync(entry, latest.Members[0].Item2, latest.Version.Next()));
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Single((await table.ReadAllAsync()).Members);
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Empty((await table.ReadAllAsync()).Members);

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM orleans_cluster_version WHERE deployment_id = $1", clusterId));
    }
}
