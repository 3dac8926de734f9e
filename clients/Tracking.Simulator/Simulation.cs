using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tracking.Clients.Common.Ingest;
using Tracking.Clients.Common.Workload;

namespace Tracking.Simulator;

/// <summary>One run: the organisation and its targets, then rate or replay mode, with a progress bar, then a summary.</summary>
public sealed class Simulation(SimulatorOptions options)
{
    private Dispatcher? _dispatcher;
    private DateTimeOffset? _simulatedNow;
    private long? _total;
    private TimeZoneInfo? _zone;

    public async Task<int> RunAsync(CancellationToken cancel)
    {
        using var http = EventPoster.CreateHttpClient(TimeSpan.FromSeconds(30));
        var org = Organisation.Generate(new OrganisationSpec { Agents = options.Agents, Branches = options.Branches, Prefix = options.Prefix }, options.Seed);
        _zone = org.Branches[0].Zone;
        PrintOrganisation(org);

        if (!options.SkipSetup)
        {
            var effectiveFrom = options.ReplayMonth is { } month
                ? new DateOnly(month.Year, month.Month, 1)
                : FirstOfMonth(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)));
            await WaitForServerAsync(http, cancel);
            await Setup.CreateOrganisationAsync(http, options.Url, org, effectiveFrom, cancel);
            Console.WriteLine($"PUT /api/v1/org: {org.Branches.Length} branches, {org.Teams.Count()} teams, {org.Agents.Length} agents (members from {effectiveFrom:yyyy-MM-dd}); PUT /api/v1/targets: standards and FYP plans.");
        }
        Console.WriteLine($"Live boards: {string.Join("  ", org.Branches.Take(4).Select(b => $"{options.Url}/?branch={Uri.EscapeDataString(b.Id)}"))}");

        var poster = new EventPoster(http, options.Url) { OnRetry = (problem, wait) => _dispatcher?.NoteRetry(problem, wait) };
        // Ctrl-C stops generating; the batches already made are still posted (bounded by the poster's own give-up).
        using var stopPosting = new CancellationTokenSource();
        var dispatcher = _dispatcher = new Dispatcher(options, org, poster, stopPosting.Token);
        var clock = Stopwatch.StartNew();
        var work = options.Mode == SimulationMode.Rate ? RunRateAsync(org, dispatcher, cancel) : RunReplayAsync(org, dispatcher, cancel);
        var completed = Completion(work, dispatcher);
        await ShowProgressAsync(completed, dispatcher, clock);
        try
        {
            await completed;
        }
        finally
        {
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"Posted {dispatcher.Posted:N0} events in {dispatcher.Batches:N0} POSTs in {seconds:0.0} s ({dispatcher.Posted / Math.Max(seconds, 0.001):N1} events/s): " +
                              $"{dispatcher.Accepted:N0} accepted, {dispatcher.Duplicates:N0} duplicates, {dispatcher.Retries:N0} retries" +
                              (cancel.IsCancellationRequested ? " (stopped by Ctrl-C)" : "") + ".");
            if (dispatcher.LastRetry is { } last) Console.WriteLine($"Last retry: {last}");
        }
        return 0;
    }

    private static async Task Completion(Task generation, Dispatcher dispatcher)
    {
        try
        {
            await generation;
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop generating, post what was made.
        }
        await dispatcher.CompleteAsync();
    }

    /// <summary>Events occurring now, at the rate, spread over the branches by their agents' activity.</summary>
    private async Task RunRateAsync(Organisation org, Dispatcher dispatcher, CancellationToken cancel)
    {
        var streams = org.Branches.Select(b => new ActivityStream(org, b.Agents.ToList(), Seeds.Mix(options.Seed, b.Index), options.RunTag)).ToArray();
        var weights = new double[org.Branches.Length];
        var sum = 0.0;
        for (var b = 0; b < weights.Length; b++) weights[b] = sum += org.Branches[b].Agents.Sum(a => a.Activity);
        var picker = new Random(Seeds.Mix(options.Seed, -1));
        long limit = options.MaxEvents ?? long.MaxValue;
        if (options.Duration is { } d) limit = Math.Min(limit, (long)Math.Ceiling(d * options.Rate));
        _total = limit == long.MaxValue ? null : limit;

        var start = Stopwatch.GetTimestamp();
        long made = 0;
        while (made < limit && !cancel.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (options.Duration is { } duration && elapsed >= duration) break;
            var due = Math.Min(limit, (long)Math.Floor(elapsed * options.Rate) + 1);
            for (; made < due; made++)
            {
                var i = Array.BinarySearch(weights, picker.NextDouble() * sum);
                var branch = Math.Min(i < 0 ? ~i : i, weights.Length - 1);
                await dispatcher.AddAsync(streams[branch].Next(DateTimeOffset.UtcNow));
            }
            await dispatcher.FlushAsync(all: false);
            var next = made / options.Rate - Stopwatch.GetElapsedTime(start).TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(next, 0.001, 0.05)), cancel);
        }
    }

    /// <summary>The month's events in time order, at <c>--speed</c> simulated seconds per second, none dated after now.</summary>
    private async Task RunReplayAsync(Organisation org, Dispatcher dispatcher, CancellationToken cancel)
    {
        var (year, month) = options.ReplayMonth!.Value;
        var now = DateTimeOffset.UtcNow;
        var all = MonthSchedule.Build(org, year, month, options.Seed, options.RunTag);
        var events = all.TakeWhile(e => e.OccurredAt <= now).ToList();
        if (options.MaxEvents is { } max && events.Count > max) events = events.Take((int)max).ToList();
        var first = new DateOnly(year, month, 1);
        var simStart = org.Branches.Min(b => Organisation.LocalMidnight(b.Zone, first));
        if (events.Count == 0)
        {
            Console.WriteLine(simStart > now ? $"{year:0000}-{month:00} has not begun yet: nothing to replay." : "No events to replay.");
            return;
        }
        Console.WriteLine($"Replay of {year:0000}-{month:00}: {events.Count:N0} events" +
                          (events.Count < all.Count ? $" (of {all.Count:N0}; the month's rest lies after now, {now:yyyy-MM-dd HH:mm} UTC)" : "") +
                          (options.Speed > 0 ? $" at {options.Speed:0.#}× ({(events[^1].OccurredAt - simStart).TotalSeconds / options.Speed:0} s)" : ", as fast as the server takes them") + ".");
        _total = events.Count;

        var start = Stopwatch.GetTimestamp();
        foreach (var e in events)
        {
            cancel.ThrowIfCancellationRequested();
            if (options.Speed > 0)
            {
                // Wait for the simulated clock to reach the event, sending part-filled batches meanwhile.
                while (true)
                {
                    var simulated = simStart + Stopwatch.GetElapsedTime(start) * options.Speed;
                    _simulatedNow = simulated;
                    var ahead = (e.OccurredAt - simulated) / options.Speed;
                    if (ahead <= TimeSpan.Zero) break;
                    await dispatcher.FlushAsync(all: false);
                    await Task.Delay(ahead < TimeSpan.FromMilliseconds(100) ? ahead : TimeSpan.FromMilliseconds(100), cancel);
                }
            }
            else _simulatedNow = e.OccurredAt;
            await dispatcher.AddAsync(e);
        }
    }

    private async Task ShowProgressAsync(Task completed, Dispatcher dispatcher, Stopwatch clock)
    {
        var interactive = !options.Verbose && !options.NoProgress && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            // Verbose prints every event; otherwise a line every 5 s.
            while (!completed.IsCompleted)
            {
                await Task.WhenAny(completed, Task.Delay(5000));
                if (!options.Verbose && !completed.IsCompleted)
                    Console.WriteLine($"{DateTime.Now:HH:mm:ss} {Status(dispatcher, clock)}" + (_total is { } t ? $" ({(double)dispatcher.Posted / Math.Max(1, t):P0} of {t:N0})" : ""));
            }
            return;
        }
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("posting", autoStart: true, maxValue: 1);
                while (true)
                {
                    var done = completed.IsCompleted;
                    if (_total is { } total)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = Math.Max(1, total);
                        task.Value = Math.Min(total, dispatcher.Posted);
                    }
                    else task.IsIndeterminate = true;
                    task.Description = Markup.Escape(Status(dispatcher, clock));
                    ctx.Refresh();
                    if (done) break;
                    await Task.WhenAny(completed, Task.Delay(250));
                }
                task.StopTask();
            });
    }

    /// <summary>One short line (it shares a terminal line with the bar): simulated time in the first branch's zone, counts.</summary>
    private string Status(Dispatcher d, Stopwatch clock)
    {
        var seconds = Math.Max(0.001, clock.Elapsed.TotalSeconds);
        var sim = _simulatedNow is { } s && _zone is { } zone ? $"{TimeZoneInfo.ConvertTime(s, zone):MM-dd HH:mm} " : "";
        return $"{sim}{d.Posted:N0} sent {d.Posted / seconds:N0}/s {d.Duplicates:N0} dup {d.Retries:N0} retry";
    }

    private async Task WaitForServerAsync(HttpClient http, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync($"{options.Url}/health", cancel);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (attempt < 30)
            {
            }
            catch (HttpRequestException ex)
            {
                throw new InvalidOperationException($"The server at {options.Url} does not answer ({ex.Message}). Start it with: dotnet run --project api/Tracking.Api");
            }
            if (attempt == 1) Console.WriteLine($"Waiting for {options.Url}/health …");
            await Task.Delay(1000, cancel);
        }
    }

    private void PrintOrganisation(Organisation org)
    {
        Console.WriteLine($"Organisation (seed {options.Seed}): {org.Branches.Length} branches, {org.Teams.Count()} teams, {org.Agents.Length} agents");
        foreach (var b in org.Branches.Take(options.Demo ? org.Branches.Length : 8))
        {
            var sample = string.Join(", ", b.Agents.Take(3).Select(a => a.Name));
            Console.WriteLine($"  {b.Id,-8} {b.Template.Name} ({b.Template.TimeZone}, now {TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, b.Zone):ddd HH:mm}): " +
                              $"{b.Teams.Length} teams of {string.Join("/", b.Teams.Select(t => t.Agents.Length))} — {sample}, …");
        }
        if (!options.Demo && org.Branches.Length > 8) Console.WriteLine($"  … and {org.Branches.Length - 8} more");
        var mode = options.Mode == SimulationMode.Rate
            ? $"{options.Rate.ToString("0.##", CultureInfo.InvariantCulture)} events/s occurring now" + (options.Duration is { } d ? $" for {d:0.#} s" : " until Ctrl-C")
            : $"replay of {options.ReplayMonth!.Value.Year:0000}-{options.ReplayMonth!.Value.Month:00}";
        Console.WriteLine($"Posting {mode} to {options.Url}, {options.Batch} per POST, {Math.Min(options.Senders, org.Branches.Length)} in flight.");
    }

    private static DateOnly FirstOfMonth(DateOnly d) => new(d.Year, d.Month, 1);
}
