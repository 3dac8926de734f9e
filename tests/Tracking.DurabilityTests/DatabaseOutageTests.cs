using Tracking.TestSupport;
using System.Diagnostics;
using System.Globalization;
using Tracking.DurabilityTests.Infrastructure;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests;

/// <summary>
/// Issue 4 (c): PostgreSQL stops in the middle of ingest and starts again. While it is down the server answers
/// 503 with Retry-After within a bounded time (never hangs, never 500); then it recovers, and the totals are exact.
/// </summary>
/// <remarks>
/// The database is a cluster of this test's own (the shared test server must stay up for the other test projects).
/// </remarks>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : ServerTest(output)
{
    /// <summary>Longest acceptable answer while the database is down: the event log's append deadline (5 s) and then some.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(6);

    private DedicatedPostgres? _postgres;

    public override async Task InitializeAsync() => _postgres = await DedicatedPostgres.StartAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    [Fact]
    public Task Database_stopped_during_ingest_gives_bounded_503s_with_Retry_After_then_recovers_with_exact_totals() => WithServerLogsOnFailureAsync(async () =>
    {
        // 40 agents in 8 teams, 6,000 events in 120 requests of 50, paced so the ingest spans the outage.
        var workload = new Workload(teams: 8, agentsPerTeam: 5, eventsPerAgent: 150, chunkSize: 10, chunksPerBatch: 5, seed: 43);
        var postgres = _postgres!;
        var server = Server("node", postgres.ConnectionString);
        await server.StartAsync();
        using var client = new TrackingClient(server.BaseAddress);
        await client.PutOrgAsync(workload.Org());

        var clock = Stopwatch.StartNew();
        var run = new IngestRun(client, workload.Batches, clock)
        {
            Workers = 4,
            PauseBetweenBatches = TimeSpan.FromMilliseconds(150),
            RequestTimeout = TimeSpan.FromSeconds(30),
            RetryAfterCap = TimeSpan.FromSeconds(1),
        };
        run.Start();
        while (clock.Elapsed - run.StartedAt < TimeSpan.FromSeconds(1.5)) await Task.Delay(10);

        var stopping = clock.Elapsed;
        var acknowledgedBeforeOutage = run.AcknowledgedEvents;
        await postgres.StopAsync();
        var down = clock.Elapsed;
        // Reads go on while the database is down: answered from the grains' memory, or a 503, and never hanging.
        var reads = new List<(string Path, int? Status, TimeSpan Duration)>();
        var readPaths = new[]
        {
            TrackingClient.AgentStatsPath(workload.AgentIds[0]),
            $"/api/v1/teams/{workload.TeamIds[0]}/stats?period=month&date={Workload.StatsDate}",
            $"/api/v1/branches/{workload.BranchId}/leaderboard?metric=fyp&period=month&date={Workload.StatsDate}",
        };
        while (clock.Elapsed - down < Outage)
        {
            foreach (var path in readPaths)
            {
                var read = Stopwatch.StartNew();
                var (status, _) = await client.GetAsync(path);
                reads.Add((path, status, read.Elapsed));
            }

            await Task.Delay(500);
        }

        var starting = clock.Elapsed;
        var acknowledgedDuringOutage = run.AcknowledgedEvents - acknowledgedBeforeOutage;
        await postgres.StartAgainAsync();
        var up = clock.Elapsed;
        await run.CompleteAsync(TimeSpan.FromMinutes(2));

        var attempts = run.Attempts.ToList();
        var whileDown = attempts.Where(a => a.Started >= down && a.Ended <= starting).ToList();
        var unavailable = attempts.Where(a => a.Outcome == AttemptOutcome.Unavailable).ToList();
        var firstAckAfterRestart = attempts.Where(a => a.Outcome == AttemptOutcome.Acknowledged && a.Ended >= up).Select(a => a.Ended).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var recovery = firstAckAfterRestart == TimeSpan.MaxValue ? TimeSpan.MaxValue : firstAckAfterRestart - up;
        var slowest = attempts.Max(a => a.Duration);
        Print($"(c) database outage: {workload.TotalEvents:N0} events in {workload.Batches.Count} requests of 50, 4 paced client workers; " +
              $"PostgreSQL stopped at {Seconds(stopping)} (down at {Seconds(down)}), started again at {Seconds(starting)} (up at {Seconds(up)})");
        Print($"(c) while down: {whileDown.Count} requests answered, {whileDown.Count(a => a.Outcome == AttemptOutcome.Unavailable)} of them 503; " +
              $"slowest 503 {Seconds(unavailable.Select(a => a.Duration).DefaultIfEmpty().Max())}, slowest request of the run {Seconds(slowest)}; " +
              $"Retry-After values: {string.Join(", ", unavailable.GroupBy(a => a.RetryAfter ?? "(none)").Select(g => $"{g.Key} x{g.Count()}"))}; " +
              $"events acknowledged while stopping/down: {acknowledgedDuringOutage}");
        Print($"(c) reads while down: {reads.Count}, answered {string.Join(", ", reads.GroupBy(r => r.Status?.ToString(CultureInfo.InvariantCulture) ?? "never").Select(g => $"{g.Count()} x {g.Key}"))}, " +
              $"slowest {Seconds(reads.Max(r => r.Duration))}");
        Print($"(c) recovery: first 200 {Seconds(recovery)} after PostgreSQL was up; all acknowledged at {Seconds(run.FinishedAt!.Value)}; client: {run.Summary()}");

        // While the database was down, every request was answered, and with a 503 carrying Retry-After.
        Assert.NotEmpty(whileDown);
        Assert.All(whileDown, a => Assert.Equal(AttemptOutcome.Unavailable, a.Outcome));
        // Throughout the run: no hang, no 500, no dropped connection; every 503 says when to come back.
        Assert.All(attempts, a => Assert.True(a.Duration <= AnswerBound, $"A request took {Seconds(a.Duration)} ({a.Outcome} {a.Status}), over {Seconds(AnswerBound)}."));
        Assert.DoesNotContain(attempts, a => a.Outcome is AttemptOutcome.OtherServerError or AttemptOutcome.ConnectionFailed or AttemptOutcome.TimedOut);
        Assert.All(unavailable, a => Assert.True(
            int.TryParse(a.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1,
            $"A 503 carried Retry-After '{a.RetryAfter}'."));
        Assert.All(reads, r => Assert.True(r.Status is 200 or 503 && r.Duration <= AnswerBound,
            $"GET {r.Path} while the database was down: {r.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer"} after {Seconds(r.Duration)}."));
        // Recovery within a bounded time once the database is back.
        Assert.True(recovery <= TimeSpan.FromSeconds(30), $"The first 200 came {Seconds(recovery)} after the database was back.");

        // Totals exact: each distinct event once in the log, and once in every figure.
        Assert.Equal(workload.TotalEvents, await TestPostgres.CountAsync(postgres.ConnectionString, "SELECT count(*) FROM event_log"));
        await Expectations.EventuallyAsync("after the outage", () => Expectations.AllMismatchesAsync(client, workload), TimeSpan.FromSeconds(15), server.LogTail);
    });

    private static string Seconds(TimeSpan t) => t == TimeSpan.MaxValue ? "never" : t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
