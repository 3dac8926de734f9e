using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// <c>Ingest:MaxAgeDays</c> (default 800): an older <c>occurredAt</c> is a 400 naming the field and the limit, and
/// nothing of the request is stored; an event just inside the limit counts in its period like any other.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed class IngestAgeLimitTests(TrackingHostFixture host)
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static string DaysAgo(double days) =>
        DateTimeOffset.UtcNow.AddDays(-days).ToOffset(Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string LocalDate(string occurredAt) => occurredAt[..10];

    private async Task<OrgBuilder> OrgAsync()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        return org;
    }

    private async Task<decimal> CallsInMonth(string path, string date) =>
        (await host.GetJsonAsync($"{path}/stats?period=month&date={date}"))["metrics"]!["calls"]!.GetValue<decimal>();

    private static void AssertTooOld(JsonNode problem, string path, int limit)
    {
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Contains(path, problem["detail"]!.GetValue<string>());
        var message = problem["errors"]![path]![0]!.GetValue<string>();
        Assert.Contains($"{limit} days", message);
        Assert.Contains("Ingest:MaxAgeDays", message);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("0001-01-02T00:00:00+08:00")]
    public async Task An_event_dated_in_year_one_is_a_400_naming_the_limit_and_nothing_is_stored(string occurredAt)
    {
        var org = await OrgAsync();
        var today = DaysAgo(0);
        var (status, problem, response) = await host.PostEventsAsync(new { events = new[] { org.Call(1, today), org.Call(1, occurredAt) } });

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        AssertTooOld(problem!, "events[1].occurredAt", 800);
        Assert.Equal(0m, await CallsInMonth($"/api/v1/agents/{org.Agent(1)}", LocalDate(today)));
    }

    [Fact]
    public async Task An_event_801_days_old_is_refused_and_one_799_days_old_counts_in_its_month()
    {
        var org = await OrgAsync();
        var tooOld = DaysAgo(801);
        var (refused, problem, _) = await host.PostEventsAsync(new { events = new[] { org.Call(1, tooOld) } });
        Assert.Equal(400, refused);
        AssertTooOld(problem!, "events[0].occurredAt", 800);
        Assert.Equal(0m, await CallsInMonth($"/api/v1/agents/{org.Agent(1)}", LocalDate(tooOld)));

        var old = DaysAgo(799);
        var (accepted, body, _) = await host.PostEventsAsync(new { events = new[] { org.Call(1, old), org.Call(1, DaysAgo(0)) } });
        Assert.Equal(200, accepted);
        Assert.Equal(2, body!["accepted"]!.GetValue<int>());
        Assert.Equal(1m, await CallsInMonth($"/api/v1/agents/{org.Agent(1)}", LocalDate(old)));
        Assert.Equal(1m, await Eventually.Until(() => CallsInMonth($"/api/v1/teams/{org.Team(1)}", LocalDate(old)), calls => calls == 1m));
    }

    [Fact]
    public async Task The_limit_is_configurable()
    {
        var (app, address) = await TrackingHostFixture.StartHostAsync("--Ingest:MaxAgeDays=30");
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            var org = new OrgBuilder();
            Assert.True((await http.PutAsJsonAsync("/api/v1/org", org.Org(1, (1, 1)))).IsSuccessStatusCode);

            var refused = await http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Call(1, DaysAgo(31)) } });
            Assert.Equal(400, (int)refused.StatusCode);
            AssertTooOld(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!, "events[0].occurredAt", 30);

            var accepted = await http.PostAsJsonAsync("/api/v1/events", new { events = new[] { org.Call(1, DaysAgo(29)) } });
            Assert.Equal(200, (int)accepted.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
