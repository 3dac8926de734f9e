using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracking.DurabilityTests.Infrastructure;
using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests;

/// <summary>
/// Renewals on PostgreSQL: uploaded due items (the agent's stored state) and what the agent's renewal events
/// collected on them (rebuilt from the event log) are the same after a kill -9 and restart.
/// </summary>
public sealed class RenewalsRestartTests(ITestOutputHelper output) : DatabaseServerTest(output, "renewals")
{
    private static string Items(JsonElement list) =>
        string.Join("; ", list.GetProperty("items").EnumerateArray().Select(i =>
            $"{i.GetProperty("policyId").GetString()}@{i.GetProperty("dueDate").GetString()} {i.GetProperty("collected").GetDecimal()}/{i.GetProperty("amount").GetDecimal()} {i.GetProperty("status").GetString()}"));

    [Fact]
    public Task Due_items_and_their_collections_survive_a_kill() => WithServerLogsOnFailureAsync(async () =>
    {
        var server = Server("node", Database.ConnectionString);
        await server.StartAsync();
        using var client = new TrackingClient(server.BaseAddress);
        await client.PutOrgAsync(new
        {
            branches = new[] { new { id = "SZ01", name = "福田营业部", timeZone = "Asia/Shanghai", effectiveAgent = new { minPolicies = 2, minFyp = 1000 } } },
            teams = new[] { new { id = "SZ01-T1", branchId = "SZ01", name = "一组" } },
            agents = new[] { new { id = "A1", teamId = "SZ01-T1", name = "王芳", effectiveFrom = "2026-01-01T00:00:00+08:00" } },
        });
        // The first payment comes before its item is uploaded; the second after.
        var first = await client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            events = new[] { new { eventId = "r1", agentId = "A1", type = "renewal", occurredAt = "2026-11-20T10:00:00+08:00", renewal = new { policyId = "P1", amount = 1500, policyYear = 2 } } },
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var put = await client.Http.PutAsJsonAsync("/api/v1/renewals/due", new
        {
            items = new[]
            {
                new { policyId = "P1", agentId = "A1", dueDate = "2026-11-25", amount = 1000, policyYear = 2 },
                new { policyId = "P1", agentId = "A1", dueDate = "2027-11-25", amount = 1000, policyYear = 3 },
                new { policyId = "P2", agentId = "A1", dueDate = "2026-11-28", amount = 2000, policyYear = 2 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var second = await client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            events = new[] { new { eventId = "r2", agentId = "A1", type = "renewal", occurredAt = "2026-11-27T10:00:00+08:00", renewal = new { policyId = "P2", amount = 800, policyYear = 2 } } },
        });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var target = new { scope = "team", id = "SZ01-T1", metric = "collectionRate", period = "month", value = 0.8m };
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PutAsJsonAsync("/api/v1/targets", new { targets = new[] { target } })).StatusCode);

        const string Expected = "P1@2026-11-25 1000/1000 collected; P2@2026-11-28 800/2000 open; P1@2027-11-25 500/1000 open";
        var before = await client.GetJsonAsync("/api/v1/teams/SZ01-T1/renewals");
        Assert.Equal(Expected, Items(before!.Value));

        server.Kill();
        await server.StartAsync();
        using var again = new TrackingClient(server.BaseAddress);
        var after = await again.GetJsonAsync("/api/v1/teams/SZ01-T1/renewals");
        Assert.Equal(Expected, Items(after!.Value));
        var month = await again.GetJsonAsync("/api/v1/agents/A1/stats?period=month&date=2026-11-15");
        var metrics = month!.Value.GetProperty("metrics");
        Assert.Equal((3000m, 1800m), (metrics.GetProperty("renewalDue").GetDecimal(), metrics.GetProperty("renewalDueCollected").GetDecimal()));

        // The team rebuilds its figures from its agents after the restart: November's 1,800 of 3,000 (0.6), against
        // the stored 80 % plan (2,400: attainment 0.75); the grid of November has them in its year-2 cell.
        var team = await Eventually.Until(
            () => again.GetJsonAsync("/api/v1/teams/SZ01-T1/stats?period=month&date=2026-11-15"),
            t => t?.GetProperty("metrics").GetProperty("renewalDue").GetDecimal() == 3000m);
        Assert.Equal((3000m, 1800m), (team!.Value.GetProperty("metrics").GetProperty("renewalDue").GetDecimal(),
            team.Value.GetProperty("metrics").GetProperty("renewalDueCollected").GetDecimal()));
        Assert.Equal(0.6m, team.Value.GetProperty("kpis").GetProperty("collectionRate").GetDecimal());
        Assert.Equal(2400m, team.Value.GetProperty("targets").GetProperty("renewalDueCollected").GetDecimal());
        Assert.Equal(0.75m, team.Value.GetProperty("attainment").GetProperty("renewalDueCollected").GetDecimal());
        var grid = await again.GetJsonAsync("/api/v1/teams/SZ01-T1/renewals/grid?month=2026-11");
        var cell = grid!.Value.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("row").GetString() == "thisMonth" && c.GetProperty("column").GetInt32() == 2);
        Assert.Equal((3000m, 1800m), (cell.GetProperty("due").GetDecimal(), cell.GetProperty("collected").GetDecimal()));
        // The branch's effective-agent thresholds are stored with it.
        var branch = await again.GetJsonAsync("/api/v1/branches/SZ01");
        Assert.Equal(2, branch!.Value.GetProperty("effectiveAgent").GetProperty("minPolicies").GetInt32());
        Assert.Equal(1000m, branch.Value.GetProperty("effectiveAgent").GetProperty("minFyp").GetDecimal());
    });
}
