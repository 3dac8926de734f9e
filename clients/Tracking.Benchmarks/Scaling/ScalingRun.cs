using System.Diagnostics;
using Npgsql;
using Tracking.Benchmarks.Infrastructure;
using Tracking.Benchmarks.Systems;
using Tracking.Clients.Common.Measurement;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks.Scaling;

/// <summary>One row of the scaling table: what (a) did with an organisation of <see cref="Agents"/> agents.</summary>
public sealed record ScalingRow(
    int Agents,
    int Branches,
    long? RssLoaded,
    long? RssResident,
    double EventsPerSecond,
    double FirstReadMs,
    double? FirstReadP50Ms,
    long LogEvents,
    double RebuildSeconds,
    long? RebuildPeakRss)
{
    public double? RssPerAgent => RssLoaded is { } loaded && RssResident is { } resident ? (double)(resident - loaded) / Agents : null;
}

/// <summary>
/// The scaling table of (a): for each organisation size, a fresh database and server; the server's RSS with the
/// organisation loaded and again with every agent resident; a short flat-out phase (the comparison's machinery);
/// the first reads after a crash and restart; and the rebuild of every agent from an event log of
/// <c>--rebuild-events</c> events once the agents' snapshots are gone.
/// </summary>
public sealed class ScalingRun(BenchOptions options, LocalPostgres pg, string runId)
{
    /// <summary>Stats requests in flight at once while every agent is rebuilt.</summary>
    public const int RebuildConcurrency = 32;

    /// <summary>Agents read one after another after the restart, for the median of cold first reads.</summary>
    public const int FirstReadSamples = 20;

    /// <summary>The state name the agent grain stores its ledger snapshot under (the storage's grain_type column).</summary>
    private const string LedgerStateName = "agentLedger";

    public async Task<ScalingRow> MeasureAsync(int agents, CancellationToken cancel)
    {
        var rowOptions = options.ForScalingRow(agents);
        var org = Organisation.Generate(new OrganisationSpec
        {
            Agents = agents,
            Branches = rowOptions.Branches,
            TimeZoneOverride = Organisation.DaytimeZone(DateTimeOffset.UtcNow),
        }, options.Seed);
        Console.WriteLine();
        Console.WriteLine($"{agents:N0} agents in {org.Branches.Length:N0} branches, {org.Teams.Count():N0} teams");

        await using var system = new TrackingServerSystem(rowOptions, pg, $"{runId}_{agents}");
        await system.LaunchAsync(org, cancel);
        var rssLoaded = await SettledRssAsync(system, cancel);
        await system.PrimeAsync(org, cancel);
        var rssResident = await SettledRssAsync(system, cancel);
        Console.WriteLine($"    RSS {Mib(rssLoaded)} with the organisation loaded, {Mib(rssResident)} with every agent resident");

        var flat = await new PhaseRunner(rowOptions, org).RunAsync(system, PhaseMode.FlatOut, [], cancel);
        if (flat.Failed > 0) Console.WriteLine($"    warning: {flat.Failed} batches failed ({flat.FirstError})");

        var logEvents = await FillLogAsync(system, org, rowOptions, cancel);

        var restarted = await system.RestartAsync(() => Task.CompletedTask, cancel);
        Console.WriteLine($"    restart: healthy {Elapsed(restarted):0.0} s after the start");
        var random = new Random(options.Seed);
        var sample = org.Agents.OrderBy(_ => random.Next()).Take(FirstReadSamples + 1).ToArray();
        var firstRead = await TimedStatsAsync(system, sample[0].Id, cancel);
        var following = new List<double>();
        foreach (var agent in sample.Skip(1)) following.Add(await TimedStatsAsync(system, agent.Id, cancel));
        var p50 = new Distribution(following).Percentile(50);
        Console.WriteLine($"    after a restart: first read {firstRead:0} ms, median of the next {following.Count} {p50:0} ms{Refusals()}");

        var started = await system.RestartAsync(() => DropLedgerSnapshotsAsync(system, cancel), cancel);
        Console.WriteLine($"    rebuild: healthy {Elapsed(started):0.0} s after the start; reading every agent's stats, {RebuildConcurrency} at a time …");
        await Parallel.ForEachAsync(org.Agents, new ParallelOptions { MaxDegreeOfParallelism = RebuildConcurrency, CancellationToken = cancel },
            async (agent, token) => await TimedStatsAsync(system, agent.Id, token));
        var rebuild = Elapsed(started);
        var rebuildPeak = system.Server.Memory().Peak;
        Console.WriteLine($"    rebuild of {logEvents:N0} events: {rebuild:0.0} s, peak RSS {Mib(rebuildPeak)}{Refusals()}");

        return new ScalingRow(agents, org.Branches.Length, rssLoaded, rssResident, flat.EventsPerSecond, firstRead, p50, logEvents, rebuild, rebuildPeak);
    }

    /// <summary>
    /// Keeps sending the workload (the flat-out phase's senders and batches, under ids of their own) until the
    /// event log holds at least <c>--rebuild-events</c> rows; answers how many it holds.
    /// </summary>
    private async Task<long> FillLogAsync(TrackingServerSystem system, Organisation org, BenchOptions rowOptions, CancellationToken cancel)
    {
        var sources = SenderSource.ForAll(org, rowOptions.Senders, rowOptions.Batch, rowOptions.Seed, "rebuild");
        var clock = Stopwatch.StartNew();
        long logged;
        while ((logged = await CountEventsAsync(system, cancel)) < options.RebuildEvents)
        {
            Console.WriteLine($"    event log: {logged:N0} events; filling to {options.RebuildEvents:N0} ({clock.Elapsed.TotalSeconds:0} s)");
            // Up to 200,000 events between counts, shared by the senders as they go.
            var budget = Math.Min(options.RebuildEvents - logged, 200_000);
            await Task.WhenAll(sources.Select(source => Task.Run(async () =>
            {
                while (Interlocked.Add(ref budget, -rowOptions.Batch) > -rowOptions.Batch)
                    await system.SendAsync(source.Next(), cancel);
            }, cancel)));
        }
        Console.WriteLine($"    event log: {logged:N0} events ({clock.Elapsed.TotalSeconds:0} s)");
        return logged;
    }

    private static async Task<long> CountEventsAsync(TrackingServerSystem system, CancellationToken cancel)
    {
        await using var connection = new NpgsqlConnection(system.DatabaseConnectionString);
        await connection.OpenAsync(cancel);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM event_log", connection);
        return (long)(await count.ExecuteScalarAsync(cancel))!;
    }

    /// <summary>
    /// Deletes every agent's ledger snapshot (the organisation's own grain states stay), so each agent replays its
    /// whole log. An agent writes one only every so many events, so a large organisation may have none yet.
    /// </summary>
    private static async Task DropLedgerSnapshotsAsync(TrackingServerSystem system, CancellationToken cancel)
    {
        await using var connection = new NpgsqlConnection(system.DatabaseConnectionString);
        await connection.OpenAsync(cancel);
        await using var delete = new NpgsqlCommand("DELETE FROM orleans_grain_state WHERE grain_type = @name", connection);
        delete.Parameters.AddWithValue("name", LedgerStateName);
        var deleted = await delete.ExecuteNonQueryAsync(cancel);
        await using var left = new NpgsqlCommand("SELECT grain_type, count(*) FROM orleans_grain_state GROUP BY grain_type ORDER BY grain_type", connection);
        var kept = new List<string>();
        await using (var reader = await left.ExecuteReaderAsync(cancel))
            while (await reader.ReadAsync(cancel)) kept.Add($"{reader.GetString(0)} {reader.GetInt64(1):N0}");
        Console.WriteLine($"    rebuild: {deleted:N0} agent ledger snapshots deleted; grain states kept: {string.Join(", ", kept)}");
    }

    /// <summary>How long a read may be refused with 503 (the server busy rebuilding) before the row fails.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    // 503 answers met by the reads of the current row (a client retries them, honouring Retry-After).
    private int _refusals;

    /// <summary>
    /// GET an agent's stats for the month, as a client would: a 503 (the server still busy after a restart) is retried
    /// after its Retry-After. Answers the time until the 200 in milliseconds; throws on any other answer.
    /// </summary>
    private async Task<double> TimedStatsAsync(TrackingServerSystem system, string agentId, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            using var response = await system.Http.GetAsync($"{system.Server.BaseUrl}/api/v1/agents/{Uri.EscapeDataString(agentId)}/stats?period=month", cancel);
            _ = await response.Content.ReadAsByteArrayAsync(cancel);
            if (response.IsSuccessStatusCode) return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || Stopwatch.GetElapsedTime(started) > GiveUpAfter)
                throw new InvalidOperationException($"GET stats of {agentId} answered {(int)response.StatusCode}.");
            Interlocked.Increment(ref _refusals);
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancel);
        }
    }

    /// <summary>The server's RSS once a pause has let its background work (snapshots, batching timers) settle.</summary>
    private static async Task<long?> SettledRssAsync(TrackingServerSystem system, CancellationToken cancel)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), cancel);
        return system.Server.Memory().Current;
    }

    /// <summary>The 503s met since the last call, for the log line ("" when none); counts afresh from here.</summary>
    private string Refusals()
    {
        var refused = Interlocked.Exchange(ref _refusals, 0);
        return refused == 0 ? "" : $" ({refused:N0} reads answered 503 first and were retried)";
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;

    public static string Mib(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024:N0} MiB" : "n/a";
}
