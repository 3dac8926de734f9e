using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.Benchmarks.Infrastructure;
using Tracking.Clients.Common.Hosting;
using Tracking.Clients.Common.Ingest;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks.Systems;

/// <summary>
/// (a) The Tracking server, started as a child process (the built Tracking.Api.dll), durable on a fresh
/// database of the benchmark's PostgreSQL: a 200 means the events are committed in the event log. Screens are
/// SignalR connections watching their branch's calls and visits team boards for today (their values add up to
/// the branch's totals, which only grow), as the push benchmark does with FYP.
/// </summary>
public sealed class TrackingServerSystem(BenchOptions options, LocalPostgres pg, string runId, TrackingServerSystem.Build build = TrackingServerSystem.Build.UnderTest)
    : IBenchSystem
{
    /// <summary>Which server binary: the one under test (a), or the <c>--baseline-dll</c> it is compared with (a0).</summary>
    public enum Build { UnderTest, Baseline }

    private readonly HttpClient _http = EventPoster.CreateHttpClient(TimeSpan.FromSeconds(60));
    private readonly string _database = build == Build.Baseline ? $"bench_{runId}_tracking_base" : $"bench_{runId}_tracking";
    private ServerProcess? _server;
    private EventPoster? _poster;
    private BoardScreen[] _screens = [];
    private long _retries;
    private int[]? _siloPorts;

    public string Label => build == Build.Baseline ? "(a0)" : "(a)";
    public string Title => build == Build.Baseline ? "Tracking server, baseline" : "Tracking server, PostgreSQL";
    public string Durability => "event log committed (fsync) before the 200";
    public LocalPostgres? Postgres => pg;
    public IReadOnlyList<int> Processes => _server?.Pid is { } pid ? [pid] : [];
    public long Retries => Interlocked.Read(ref _retries);
    public int ServerOutputLines => _server?.OutputLines ?? 0;

    public async Task StartAsync(Organisation org, CancellationToken cancel)
    {
        await LaunchAsync(org, cancel);
        await PrimeAsync(org, cancel);
        await ConnectScreensAsync(org, cancel);
    }

    /// <summary>The server, once started (replaced by <see cref="RestartAsync"/>).</summary>
    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not been started.");

    public HttpClient Http => _http;

    /// <summary>The server's database.</summary>
    public string DatabaseConnectionString => pg.ConnectionString(_database);

    /// <summary>A fresh database, the server started on it and healthy, the organisation loaded; no agent active yet.</summary>
    public async Task LaunchAsync(Organisation org, CancellationToken cancel)
    {
        await pg.CreateDatabaseAsync(_database, cancel);
        await StartServerAsync(cancel);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));
        await Setup.CreateOrganisationAsync(_http, Server.BaseUrl, org, new DateOnly(today.Year, today.Month, 1), cancel);
    }

    /// <summary>
    /// Priming, as a server in service would be: one call per agent, so every agent grain is active (its state
    /// and log read from PostgreSQL) and the server's code is warm before anything is measured.
    /// </summary>
    /// <remarks>At most <see cref="PrimingBranchesInFlight"/> branches at once: a thousand branches' first batches together
    /// would queue a hundred thousand activations behind each other and time out.</remarks>
    public Task PrimeAsync(Organisation org, CancellationToken cancel) =>
        Parallel.ForEachAsync(org.Branches, new ParallelOptions { MaxDegreeOfParallelism = PrimingBranchesInFlight, CancellationToken = cancel }, async (b, token) =>
        {
            foreach (var chunk in b.Agents.Chunk(100))
                await _poster!.PostAsync(chunk.Select(a => new SimEvent($"prime-{a.Id}", a.Id, EventType.Call, TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, b.Zone))).ToArray(), token);
        });

    /// <summary>Branches primed at once.</summary>
    public const int PrimingBranchesInFlight = 16;

    /// <summary>
    /// Kills the server as a crash would (no graceful shutdown), runs <paramref name="whileStopped"/>, and starts it
    /// again on the same database; returns once it is healthy, with the <see cref="Stopwatch"/> timestamp it was started at.
    /// </summary>
    public async Task<long> RestartAsync(Func<Task> whileStopped, CancellationToken cancel)
    {
        if (Server.Pid is { } pid)
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancel);
        }
        await Server.DisposeAsync();
        await whileStopped();
        var started = Stopwatch.GetTimestamp();
        await StartServerAsync(cancel);
        return started;
    }

    private async Task StartServerAsync(CancellationToken cancel)
    {
        // The silo keeps its endpoint across restarts, as a deployed node does: the new generation on the same address
        // supersedes the killed one in the membership table at once, rather than waiting for it to be voted dead.
        _siloPorts ??= ServerProcess.FreeLoopbackPorts(2);
        string[] args = [.. options.ServerArgs, $"--Orleans:SiloPort={_siloPorts[0]}", $"--Orleans:GatewayPort={_siloPorts[1]}"];
        _server = await ServerProcess.StartAsync(new ServerLaunch(build == Build.Baseline ? options.BaselineDll : options.ServerDll, DatabaseConnectionString, args), cancel);
        await _server.WaitHealthyAsync(_http, TimeSpan.FromSeconds(120), cancel);
        _poster = new EventPoster(_http, _server.BaseUrl)
        {
            GiveUpAfter = TimeSpan.FromSeconds(60),
            OnRetry = (_, _) => Interlocked.Increment(ref _retries),
        };
    }

    private async Task ConnectScreensAsync(Organisation org, CancellationToken cancel)
    {
        var screens = new BoardScreen[options.Screens];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, screens.Length).Select(async i =>
        {
            await gate.WaitAsync(cancel);
            try { screens[i] = await BoardScreen.ConnectAsync(org.Branches[i % org.Branches.Length], Server.BaseUrl, cancel); }
            finally { gate.Release(); }
        }));
        _screens = screens;
    }

    public async Task<int> SendAsync(Batch batch, CancellationToken cancel)
    {
        var outcome = await _poster!.PostAsync(batch.Events, cancel);
        if (outcome.Accepted + outcome.Duplicates != batch.Events.Length)
            throw new InvalidOperationException($"The server counted {outcome.Accepted} accepted + {outcome.Duplicates} duplicates of {batch.Events.Length}.");
        return outcome.Attempts;
    }

    public async Task<SubscriberLatency?> SubscriberLatencyAsync(IReadOnlyList<BatchRecord> all, Func<BatchRecord, bool> measured, TimeSpan drain)
    {
        // Each branch's expected totals after each of its acknowledged batches, over every phase so far (a branch has one
        // sender, which sends one batch at a time: the send times order them).
        var byBranch = all.Where(r => r.Ok).GroupBy(r => r.Batch.Branch.Index).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Sent).ToArray());
        var finals = byBranch.ToDictionary(kv => kv.Key, kv => (Calls: (decimal)kv.Value.Sum(r => r.Batch.Calls), Visits: (decimal)kv.Value.Sum(r => r.Batch.Visits)));

        var deadline = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && _screens.Any(s => s.Lost is null && finals.TryGetValue(s.Branch.Index, out var f)
                   && (s.Latest(0) < s.Baseline(0) + f.Calls || s.Latest(1) < s.Baseline(1) + f.Visits)))
            await Task.Delay(50);

        var ms = new List<double>();
        long never = 0;
        var toMs = 1000.0 / Stopwatch.Frequency;
        foreach (var screen in _screens)
        {
            if (!byBranch.TryGetValue(screen.Branch.Index, out var records)) continue;
            var receipts = new[] { screen.Receipts(0), screen.Receipts(1) };
            var next = new int[2];
            decimal calls = screen.Baseline(0), visits = screen.Baseline(1);
            foreach (var r in records)
            {
                calls += r.Batch.Calls;
                visits += r.Batch.Visits;
                // The first board of each kind showing the branch's total after this batch (totals only grow along a branch's batches).
                while (next[0] < receipts[0].Count && receipts[0][next[0]].Sum < calls) next[0]++;
                while (next[1] < receipts[1].Count && receipts[1][next[1]].Sum < visits) next[1]++;
                if (!measured(r) || (r.Batch.Calls == 0 && r.Batch.Visits == 0)) continue;
                if ((r.Batch.Calls > 0 && next[0] == receipts[0].Count) || (r.Batch.Visits > 0 && next[1] == receipts[1].Count)) { never++; continue; }
                var shown = Math.Max(r.Batch.Calls > 0 ? receipts[0][next[0]].Timestamp : long.MinValue, r.Batch.Visits > 0 ? receipts[1][next[1]].Timestamp : long.MinValue);
                ms.Add(Math.Max(0, shown - r.Acked) * toMs);
            }
        }
        var lost = _screens.Count(s => s.Lost is not null);
        return new SubscriberLatency(ms, never,
            $"HTTP 200 → SignalR push showing the batch on {_screens.Length} screens (calls + visits team boards{(lost > 0 ? $"; {lost} screens lost" : "")})");
    }

    public string Describe() => $"{_server?.Description}; {options.Screens} SignalR screens";

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_screens.Select(s => s.StopAsync()));
        if (_server is not null) await _server.DisposeAsync();
        _http.Dispose();
        try { await pg.DropDatabaseAsync(_database); }
        catch (Npgsql.NpgsqlException) { }
    }

    /// <summary>A screen: one SignalR connection watching two boards; handlers only record arrival time and sum.</summary>
    private sealed class BoardScreen
    {
        private readonly string[] _topics;
        private readonly List<(long Timestamp, decimal Sum)>[] _receipts = [new(4096), new(4096)];
        private readonly decimal[] _baseline = new decimal[2];
        private readonly long[] _latestCents = [long.MinValue, long.MinValue];
        private HubConnection _connection = null!;
        private int _stopping;

        private BoardScreen(BranchPlan branch)
        {
            Branch = branch;
            _topics = [$"leaderboard:{branch.Id}:calls:day:teams", $"leaderboard:{branch.Id}:visits:day:teams"];
        }

        public BranchPlan Branch { get; }
        public string? Lost { get; private set; }

        public decimal Baseline(int board) => _baseline[board];

        public decimal Latest(int board) => Volatile.Read(ref _latestCents[board]) is var c and not long.MinValue ? c / 100m : decimal.MinValue;

        /// <summary>Receipts of a board in arrival order; read after the run.</summary>
        public List<(long Timestamp, decimal Sum)> Receipts(int board)
        {
            lock (_receipts[board]) return [.. _receipts[board]];
        }

        public static async Task<BoardScreen> ConnectAsync(BranchPlan branch, string baseUrl, CancellationToken cancel)
        {
            var screen = new BoardScreen(branch);
            var connection = new HubConnectionBuilder().WithUrl($"{baseUrl}/hubs/tracking", HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.WebSocketConfiguration = ws => ws.Proxy = null;
            }).Build();
            connection.ServerTimeout = TimeSpan.FromSeconds(120);
            connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
            connection.On<Leaderboard>("leaderboard", screen.OnLeaderboard);
            connection.Closed += ex =>
            {
                if (Volatile.Read(ref screen._stopping) == 0) screen.Lost = ex?.Message ?? "closed by the server";
                return Task.CompletedTask;
            };
            screen._connection = connection;
            await connection.StartAsync(cancel);
            for (var i = 0; i < 2; i++)
            {
                var snapshot = await connection.InvokeAsync<JsonElement>("Subscribe", screen._topics[i], cancel);
                var sum = 0m;
                if (snapshot.TryGetProperty("entries", out var entries))
                    foreach (var e in entries.EnumerateArray()) sum += e.GetProperty("value").GetDecimal();
                screen._baseline[i] = sum;
            }
            return screen;
        }

        private void OnLeaderboard(Leaderboard message)
        {
            var now = Stopwatch.GetTimestamp();
            var board = string.Equals(message.Topic, _topics[0], StringComparison.Ordinal) ? 0
                : string.Equals(message.Topic, _topics[1], StringComparison.Ordinal) ? 1 : -1;
            if (board < 0 || message.Entries is null) return;
            var sum = 0m;
            foreach (var entry in message.Entries) sum += entry.Value;
            lock (_receipts[board]) _receipts[board].Add((now, sum));
            Volatile.Write(ref _latestCents[board], (long)(sum * 100));
        }

        public async Task StopAsync()
        {
            Volatile.Write(ref _stopping, 1);
            try { await _connection.DisposeAsync(); }
            catch (Exception ex) when (ex is not OutOfMemoryException) { }
        }

        public sealed class Leaderboard
        {
            public string? Topic { get; set; }
            public List<Entry>? Entries { get; set; }
        }

        public sealed class Entry
        {
            public decimal Value { get; set; }
        }
    }
}
