using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>
/// <c>PUT /api/v1/renewals/due</c> and <c>GET /api/v1/teams/{id}/renewals</c>: due items stored with their agents,
/// matched with the agents' renewal events (also those recorded before the upload), listed with status and days left.
/// </summary>
[Collection(TrackingHostCollection.Name)]
public sealed class RenewalsDueTests(TrackingHostFixture host)
{
    /// <summary>The Shanghai branch's today, so due dates can be placed before and after the grace end.</summary>
    private static DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    private static string Day(int daysFromToday) => Today().AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Noon (Shanghai) of a day before today: never in the future.</summary>
    private static string NoonOf(int daysFromToday) => $"{Day(daysFromToday)}T12:00:00+08:00";

    private static object Item(OrgBuilder org, string policyId, int agent, string dueDate, decimal amount, int policyYear = 2) =>
        new { policyId = org.Prefix + policyId, agentId = org.Agent(agent), dueDate, amount, policyYear };

    private async Task<OrgBuilder> OrgAsync()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(org.Org(1, (1, 1), (2, 1)));
        return org;
    }

    private async Task<(int Status, JsonNode? Body)> PutDueAsync(object body)
    {
        var response = await host.Http.PutAsJsonAsync("/api/v1/renewals/due", body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<JsonArray> ListAsync(OrgBuilder org, string query = "") =>
        (await host.GetJsonAsync($"/api/v1/teams/{org.Team(1)}/renewals{query}"))["items"]!.AsArray();

    private static string Policies(JsonArray items) => string.Join(",", items.Select(i => i!["policyId"]!.GetValue<string>()[9..]));

    private async Task RecordAsync(params object[] events)
    {
        var (status, body, _) = await host.PostEventsAsync(new { events });
        Assert.True(status == 200, $"POST /events: {status} {body}");
    }

    [Fact]
    public async Task Uploaded_items_are_matched_with_the_agents_renewals_and_listed_with_status_and_days_left()
    {
        var org = await OrgAsync();
        // P2's first 500 is paid the day before its item is uploaded: it is matched when the item arrives.
        await RecordAsync(org.Renewal(1, NoonOf(-4), "P2", 500m, 2));

        var (status, body) = await PutDueAsync(new
        {
            items = new[]
            {
                Item(org, "P1", 1, Day(-10), 1000m),
                Item(org, "P2", 1, Day(-3), 2000m),
                Item(org, "P3", 2, Day(-100), 3000m, policyYear: 3),
                Item(org, "P4", 2, Day(20), 1500m),
            },
        });
        Assert.Equal(200, status);
        Assert.Equal(4, body!["items"]!.GetValue<int>());

        // P1 is paid in two parts after the upload.
        await RecordAsync(org.Renewal(1, NoonOf(-5), "P1", 400m, 2), org.Renewal(1, NoonOf(-2), "P1", 600m, 2));

        var items = await ListAsync(org);
        Assert.Equal("P3,P1,P2,P4", Policies(items)); // earliest due first
        var (p3, p1, p2, p4) = (items[0]!, items[1]!, items[2]!, items[3]!);
        Assert.Equal((1000m, "collected"), (p1["collected"]!.GetValue<decimal>(), p1["status"]!.GetValue<string>()));
        Assert.Equal((500m, "open", 57), (p2["collected"]!.GetValue<decimal>(), p2["status"]!.GetValue<string>(), p2["daysLeft"]!.GetValue<int>()));
        Assert.Equal(Day(57), p2["graceEndsOn"]!.GetValue<string>());
        Assert.Equal((0m, "lapsed", -40), (p3["collected"]!.GetValue<decimal>(), p3["status"]!.GetValue<string>(), p3["daysLeft"]!.GetValue<int>()));
        Assert.Equal((0m, "open", 80), (p4["collected"]!.GetValue<decimal>(), p4["status"]!.GetValue<string>(), p4["daysLeft"]!.GetValue<int>()));
        Assert.Equal((org.Agent(2), Day(20), 1500m), (p4["agentId"]!.GetValue<string>(), p4["dueDate"]!.GetValue<string>(), p4["amount"]!.GetValue<decimal>()));

        Assert.Equal("P2,P4", Policies(await ListAsync(org, "?status=open")));
        Assert.Equal("P3", Policies(await ListAsync(org, "?status=lapsed")));
        Assert.Equal("P1", Policies(await ListAsync(org, "?status=collected")));
        Assert.Equal("P1,P2", Policies(await ListAsync(org, $"?dueFrom={Day(-10)}&dueTo={Day(-3)}")));
    }

    [Fact]
    public async Task A_repeated_upload_replaces_items_by_policy_and_due_date_and_keeps_what_was_collected()
    {
        var org = await OrgAsync();
        await PutDueAsync(new { items = new[] { Item(org, "P1", 1, Day(-10), 1000m) } });
        await RecordAsync(org.Renewal(1, NoonOf(-1), "P1", 700m, 2));

        var (status, _) = await PutDueAsync(new { items = new[] { Item(org, "P1", 1, Day(-10), 1200m), Item(org, "P1", 1, Day(355), 1200m) } });

        Assert.Equal(200, status);
        var items = await ListAsync(org);
        Assert.Equal(2, items.Count);
        Assert.Equal((1200m, 700m, "open"), (items[0]!["amount"]!.GetValue<decimal>(), items[0]!["collected"]!.GetValue<decimal>(), items[0]!["status"]!.GetValue<string>()));
        Assert.Equal(0m, items[1]!["collected"]!.GetValue<decimal>());
    }

    public static TheoryData<string, string, string> BadItems => new()
    {
        { "date with a time", """{"policyId":"P","agentId":"AGENT","dueDate":"2026-12-05T00:00:00+08:00","amount":100,"policyYear":2}""", "items[1].dueDate" },
        { "no such date", """{"policyId":"P","agentId":"AGENT","dueDate":"2026-02-30","amount":100,"policyYear":2}""", "items[1].dueDate" },
        { "no date", """{"policyId":"P","agentId":"AGENT","amount":100,"policyYear":2}""", "items[1].dueDate" },
        { "third decimal", """{"policyId":"P","agentId":"AGENT","dueDate":"2026-12-05","amount":100.005,"policyYear":2}""", "items[1].amount" },
        { "negative", """{"policyId":"P","agentId":"AGENT","dueDate":"2026-12-05","amount":-1,"policyYear":2}""", "items[1].amount" },
        { "zero", """{"policyId":"P","agentId":"AGENT","dueDate":"2026-12-05","amount":0,"policyYear":2}""", "items[1].amount" },
        { "amount as string", """{"policyId":"P","agentId":"AGENT","dueDate":"2026-12-05","amount":"100","policyYear":2}""", "items[1].amount" },
        { "policy year 0", """{"policyId":"P","agentId":"AGENT","dueDate":"2026-12-05","amount":100,"policyYear":0}""", "items[1].policyYear" },
        { "no policy", """{"agentId":"AGENT","dueDate":"2026-12-05","amount":100,"policyYear":2}""", "items[1].policyId" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task An_invalid_item_is_a_400_naming_the_field_and_nothing_is_stored(string why, string badItem, string path)
    {
        var org = await OrgAsync();
        var good = System.Text.Json.JsonSerializer.Serialize(Item(org, "OK", 1, Day(-1), 100m));
        var body = $$"""{"items":[{{good}},{{badItem.Replace("AGENT", org.Agent(1))}}]}""";

        var response = await host.Http.PutAsync("/api/v1/renewals/due", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(400 == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {problem.ToJsonString()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(problem["errors"]![path]);
        Assert.Empty(await ListAsync(org));
    }

    [Theory]
    [InlineData("""{"items":[]}""")]
    [InlineData("""{"items":{}}""")]
    [InlineData("""{}""")]
    public async Task A_body_without_items_is_a_400_naming_items(string body)
    {
        var response = await host.Http.PutAsync("/api/v1/renewals/due", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)response.StatusCode);
        Assert.NotNull(problem["errors"]!["items"]);
    }

    [Fact]
    public async Task Ten_thousand_items_are_accepted_and_one_more_is_a_400()
    {
        var org = await OrgAsync();
        var items = Enumerable.Range(0, 10_000).Select(i => Item(org, $"B{i}", 1 + i % 2, Day(-(i % 300)), 10m + i % 7)).ToList();

        var (status, body) = await PutDueAsync(new { items });
        Assert.True(status == 200, body?.ToJsonString());
        Assert.Equal(10_000, body!["items"]!.GetValue<int>());
        Assert.Equal(10_000, (await ListAsync(org)).Count);

        items.Add(Item(org, "B-extra", 1, Day(-1), 10m));
        var (tooMany, problem) = await PutDueAsync(new { items });
        Assert.Equal(400, tooMany);
        Assert.NotNull(problem!["errors"]!["items"]);
    }

    [Fact]
    public async Task An_unknown_agent_is_a_422_naming_its_items_and_nothing_is_stored()
    {
        var org = await OrgAsync();
        var stranger = new OrgBuilder();

        var (status, problem) = await PutDueAsync(new
        {
            items = new[] { Item(org, "P1", 1, Day(-1), 100m), Item(stranger, "P2", 9, Day(-1), 100m), Item(org, "P3", 2, Day(-1), 100m) },
        });

        Assert.Equal(422, status);
        Assert.NotNull(problem!["errors"]!["items[1].agentId"]);
        Assert.Single(problem["errors"]!.AsObject());
        Assert.Empty(await ListAsync(org));
    }

    [Theory]
    [InlineData("?status=paid", "status")]
    [InlineData("?dueFrom=2026-13-01", "dueFrom")]
    [InlineData("?dueTo=tomorrow", "dueTo")]
    public async Task A_bad_list_filter_is_a_400_naming_it(string query, string name)
    {
        var org = await OrgAsync();
        var response = await host.Http.GetAsync($"/api/v1/teams/{org.Team(1)}/renewals{query}");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)response.StatusCode);
        Assert.NotNull(problem["errors"]![name]);
    }

    [Fact]
    public async Task The_list_of_an_unknown_team_is_a_404()
    {
        var response = await host.Http.GetAsync($"/api/v1/teams/{new OrgBuilder().Team(1)}/renewals");
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Agent_stats_carry_renewal_due_and_collected_of_the_items_due_in_the_period_as_worked_by_hand()
    {
        var org = await OrgAsync();
        string At(string day) => $"{day}T11:00:00+08:00";
        // P5's payment (24 Nov) is recorded before its item is uploaded.
        await RecordAsync(org.Renewal(1, At("2026-11-02"), "P1", 1000m, 2), org.Renewal(1, At("2026-11-06"), "P2", 1000m, 2),
            org.Renewal(1, At("2026-11-12"), "P3", 2500m, 2), org.Renewal(1, At("2026-11-24"), "P5", 5000m, 3));
        await PutDueAsync(new
        {
            items = new[]
            {
                Item(org, "P1", 1, "2026-11-03", 1000m), Item(org, "P2", 1, "2026-11-05", 3000m), Item(org, "P3", 1, "2026-11-10", 2000m),
                Item(org, "P4", 1, "2026-11-18", 4000m), Item(org, "P5", 1, "2026-11-25", 5000m, policyYear: 3), Item(org, "P6", 1, "2026-12-02", 1500m),
            },
        });
        await RecordAsync(org.Renewal(1, At("2026-11-20"), "P2", 1000m, 2), org.Renewal(1, At("2026-11-30"), "P6", 1500m, 2));

        async Task<(decimal Due, decimal Collected)> Renewals(string period, string date)
        {
            var metrics = (await host.GetJsonAsync($"/api/v1/agents/{org.Agent(1)}/stats?period={period}&date={date}"))["metrics"]!;
            return (metrics["renewalDue"]!.GetValue<decimal>(), metrics["renewalDueCollected"]!.GetValue<decimal>());
        }

        Assert.Equal((4000m, 3000m), await Renewals("week", "2026-11-02")); // P1 1,000 of 1,000 + P2 2,000 of 3,000
        Assert.Equal((2000m, 2000m), await Renewals("week", "2026-11-09")); // P3: the extra 500 is not counted
        Assert.Equal((4000m, 0m), await Renewals("week", "2026-11-16"));    // P4 unpaid
        Assert.Equal((5000m, 5000m), await Renewals("week", "2026-11-23")); // P5, paid before its upload
        Assert.Equal((15000m, 10000m), await Renewals("month", "2026-11-15"));
        Assert.Equal((1500m, 1500m), await Renewals("month", "2026-12-02")); // P6 paid in November, due in December
        Assert.Equal((0m, 0m), await Renewals("month", "2026-10-01"));
        // The agent who has no items has zeros.
        var other = (await host.GetJsonAsync($"/api/v1/agents/{org.Agent(2)}/stats?period=month&date=2026-11-15"))["metrics"]!;
        Assert.Equal(0m, other["renewalDue"]!.GetValue<decimal>());
    }
}
