using System.Net.Http.Json;

namespace Tracking.PushBenchmark;

public sealed record BranchPlan(int Index, string Id, string[] AgentIds, string FypTopic, string? ExtraTopic);

/// <summary>
/// The organisation the benchmark creates: its ids carry a fresh run prefix, so even a long-running
/// server starts each run with empty boards. All branches share a time zone where it is day time now.
/// </summary>
public sealed class Organisation
{
    private Organisation(string runId, string timeZone, BranchPlan[] branches, int teamsPerBranch)
    {
        RunId = runId;
        TimeZone = timeZone;
        Branches = branches;
        TeamsPerBranch = teamsPerBranch;
    }

    public string RunId { get; }
    public string TimeZone { get; }
    public BranchPlan[] Branches { get; }
    public int TeamsPerBranch { get; }

    public static Organisation Plan(BenchmarkOptions o)
    {
        if (o.TeamsPerBranch > 500) throw new ArgumentException("--teams is at most 500 (a leaderboard's largest top), so the teams board shows the whole branch.");
        var runId = "pb" + Guid.NewGuid().ToString("N")[..6];
        var branches = new BranchPlan[o.Branches];
        for (var b = 0; b < o.Branches; b++)
        {
            var id = $"{runId}-B{b + 1:00}";
            var count = o.Agents / o.Branches + (b < o.Agents % o.Branches ? 1 : 0);
            var agents = Enumerable.Range(1, count).Select(a => $"{id}-A{a:0000}").ToArray();
            // The teams board must list every team for its sum to be the branch's total: top = team count.
            var fyp = $"leaderboard:{id}:fyp:day:teams" + (o.TeamsPerBranch > 50 ? $":{o.TeamsPerBranch}" : "");
            branches[b] = new BranchPlan(b, id, agents, fyp, o.ExtraTopic?.Replace("{branch}", id, StringComparison.Ordinal));
        }
        return new Organisation(runId, DaytimeZone(), branches, o.TeamsPerBranch);
    }

    public static string TeamId(BranchPlan branch, int team) => $"{branch.Id}-T{team + 1:00}";

    /// <summary>PUTs branches and teams in one request, then each branch's agents (branches in parallel).</summary>
    public async Task CreateAsync(HttpClient http, string baseUrl, CancellationToken cancel)
    {
        var structure = new
        {
            branches = Branches.Select(b => new { id = b.Id, name = $"Benchmark branch {b.Index + 1}", timeZone = TimeZone }),
            teams = Branches.SelectMany(b => Enumerable.Range(0, TeamsPerBranch)
                .Select(t => new { id = TeamId(b, t), branchId = b.Id, name = $"Team {b.Index + 1}-{t + 1}", supervisorIds = Array.Empty<string>() })),
        };
        await PutAsync(http, baseUrl, structure, cancel);
        await Task.WhenAll(Branches.Select(b => PutAsync(http, baseUrl, new
        {
            agents = b.AgentIds.Select((a, i) => new { id = a, teamId = TeamId(b, i % TeamsPerBranch), name = $"Agent {a[(a.LastIndexOf('-') + 2)..]}", active = true }),
        }, cancel)));
    }

    private static async Task PutAsync(HttpClient http, string baseUrl, object body, CancellationToken cancel)
    {
        using var response = await http.PutAsJsonAsync($"{baseUrl}/api/v1/org", body, cancel);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT /api/v1/org answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
    }

    /// <summary>A zone where it is now between 03:00 and 20:00, the nearest to noon: "today" cannot roll over mid-run.</summary>
    private static string DaytimeZone()
    {
        string[] candidates =
        [
            "Pacific/Kiritimati", "Pacific/Auckland", "Australia/Sydney", "Asia/Tokyo", "Asia/Shanghai", "Asia/Bangkok",
            "Asia/Dhaka", "Asia/Karachi", "Asia/Dubai", "Europe/Moscow", "Europe/Athens", "Europe/Berlin", "Europe/London",
            "Atlantic/Azores", "America/Noronha", "America/Sao_Paulo", "America/New_York", "America/Chicago",
            "America/Denver", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "Pacific/Pago_Pago",
        ];
        var now = DateTimeOffset.UtcNow;
        var best = candidates
            .Select(id => (Id: id, Zone: Find(id)))
            .Where(c => c.Zone is not null)
            .Select(c => (c.Id, Local: TimeZoneInfo.ConvertTime(now, c.Zone!).TimeOfDay))
            .Where(c => c.Local >= TimeSpan.FromHours(3) && c.Local <= TimeSpan.FromHours(20))
            .OrderBy(c => Math.Abs((c.Local - TimeSpan.FromHours(12)).TotalMinutes))
            .FirstOrDefault();
        return best.Id ?? throw new InvalidOperationException("No IANA time zone database found (install tzdata).");
    }

    private static TimeZoneInfo? Find(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }
}
