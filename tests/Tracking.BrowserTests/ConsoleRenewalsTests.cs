using System.Globalization;
using Microsoft.Playwright;
using Tracking.BrowserTests.Infrastructure;

namespace Tracking.BrowserTests;

/// <summary>The supervisor console's renewals panel: this month's collection grid and the outstanding list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleRenewalsTests(BrowserFixture fx)
{
    private static async Task ExpectCellAsync(Screen screen, string row, int column, string due, string collected, string rate, string text)
    {
        var cell = screen.ByTestId($"grid-{row}-{column}");
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-due", due, new() { Timeout = 10_000 });
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-collected", collected);
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-rate", rate);
        await Assertions.Expect(cell).ToHaveTextAsync(text);
    }

    private static async Task ExpectListAsync(Screen screen, params (string Policy, string Agent, string Amount, string Collected, int DaysLeft)[] rows)
    {
        var shown = screen.Page.Locator("[data-testid=renewal-list] tr.ritem");
        await Assertions.Expect(shown).ToHaveCountAsync(rows.Length, new() { Timeout = 10_000 });
        for (var i = 0; i < rows.Length; i++)
        {
            var (policy, agent, amount, collected, daysLeft) = rows[i];
            await Assertions.Expect(shown.Nth(i)).ToHaveAttributeAsync("data-testid", $"renewal-{policy}");
            await Assertions.Expect(shown.Nth(i)).ToHaveAttributeAsync("data-days-left", daysLeft.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(shown.Nth(i).Locator("td")).ToHaveTextAsync([policy, agent, amount, collected, $"{daysLeft} 天"]);
        }
    }

    [Fact]
    public async Task The_collection_grid_and_the_open_items_by_days_left_follow_the_payments()
    {
        var org = new TestOrg("福田营业部", ["一组", "二组"], ("王芳", 1), ("李娜", 1), ("张伟", 2));
        await fx.SetUpAsync(org);
        var today = org.Today;
        var lastMonth15 = new DateOnly(today.Year, today.Month, 15).AddMonths(-1);
        var graceEndsToday = today.AddDays(-60); // open on its last day (the default 60 grace days)
        // On some 30ths and 31sts (31 Aug - 60 = 2 Jul) that item is also due last month: it then sits in both rows.
        var alsoLastMonth = graceEndsToday.Year == lastMonth15.Year && graceEndsToday.Month == lastMonth15.Month;
        await fx.PutAsync("/api/v1/renewals/due", new
        {
            items = new[]
            {
                org.RenewalDue("A", 1, today, 4000m, 2),           // this month, year 2
                org.RenewalDue("B", 2, today, 2000m, 5),           // this month, year 5: column 4
                org.RenewalDue("C", 1, lastMonth15, 1500m, 3),     // last month, year 3 (grace ends next month)
                org.RenewalDue("D", 2, graceEndsToday, 800m, 4),   // grace ending this month, year 4
                org.RenewalDue("E", 1, today, 9000m, 1),           // first year: in no column, but open
                org.RenewalDue("X", 3, today, 7000m, 2),           // another team's
            },
        });
        await fx.PostEventsAsync(org.Renewal(1, "A", 1000m, 2));

        var screen = await fx.OpenAsync($"/console.html?team={org.Team(1)}", 1280, 720);
        await screen.WaitLiveAsync();

        await Assertions.Expect(screen.ByTestId("renewals-month")).ToHaveTextAsync(today.ToString("yyyy-MM", CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        await Assertions.Expect(screen.ByTestId("grid-row-thisMonth").Locator("th")).ToHaveTextAsync("本月应收");
        await Assertions.Expect(screen.ByTestId("grid-row-lastMonth").Locator("th")).ToHaveTextAsync("上月应收");
        await Assertions.Expect(screen.ByTestId("grid-row-graceEnding").Locator("th")).ToHaveTextAsync("宽限期届满");
        await ExpectCellAsync(screen, "thisMonth", 2, "4000", "1000", "0.25", "25%¥1,000 / ¥4,000");
        await ExpectCellAsync(screen, "thisMonth", 3, "0", "0", "", "—¥0 / ¥0");
        await ExpectCellAsync(screen, "thisMonth", 4, "2000", "0", "0", "0%¥0 / ¥2,000");
        await ExpectCellAsync(screen, "lastMonth", 2, "0", "0", "", "—¥0 / ¥0");
        await ExpectCellAsync(screen, "lastMonth", 3, "1500", "0", "0", "0%¥0 / ¥1,500");
        if (alsoLastMonth) await ExpectCellAsync(screen, "lastMonth", 4, "800", "0", "0", "0%¥0 / ¥800");
        else await ExpectCellAsync(screen, "lastMonth", 4, "0", "0", "", "—¥0 / ¥0");
        await ExpectCellAsync(screen, "graceEnding", 2, "0", "0", "", "—¥0 / ¥0");
        await ExpectCellAsync(screen, "graceEnding", 3, "0", "0", "", "—¥0 / ¥0");
        await ExpectCellAsync(screen, "graceEnding", 4, "800", "0", "0", "0%¥0 / ¥800");

        // The team's month from its topic: due this month A + B + E = 15,000 (E's first-year premium counts as due too),
        // collected 1,000 of it.
        var collection = screen.ByTestId("collection");
        await Assertions.Expect(collection).ToHaveAttributeAsync("data-due", "15000", new() { Timeout = 10_000 });
        await Assertions.Expect(collection).ToHaveAttributeAsync("data-collected", "1000");
        await Assertions.Expect(collection).ToHaveAttributeAsync("data-rate", "0.0667");
        await Assertions.Expect(collection).ToHaveTextAsync("本月收费率 7%（实收 ¥1,000 / 应收 ¥15,000）");

        // Open items, fewest days left first: D (last day), C, then A, B and E (due today: 60 days left, by policy).
        var cDaysLeft = lastMonth15.AddDays(60).DayNumber - today.DayNumber;
        await ExpectListAsync(screen,
            (org.PolicyId("D"), "李娜", "¥800", "¥0", 0),
            (org.PolicyId("C"), "王芳", "¥1,500", "¥0", cDaysLeft),
            (org.PolicyId("A"), "王芳", "¥4,000", "¥1,000", 60),
            (org.PolicyId("B"), "李娜", "¥2,000", "¥0", 60),
            (org.PolicyId("E"), "王芳", "¥9,000", "¥0", 60));
        await Assertions.Expect(screen.ByTestId("renewal-list").Locator("tr.ritem-risk")).ToHaveCountAsync(cDaysLeft <= 15 ? 2 : 1); // 15 days or fewer left

        // Live: B is paid in full and C in part; the team's push brings the panel up to date without a reload.
        await fx.PostEventsAsync(org.Renewal(2, "B", 2000m, 5), org.Renewal(1, "C", 750m, 3));
        await ExpectCellAsync(screen, "thisMonth", 4, "2000", "2000", "1", "100%¥2,000 / ¥2,000");
        await ExpectCellAsync(screen, "lastMonth", 3, "1500", "750", "0.5", "50%¥750 / ¥1,500");
        await Assertions.Expect(collection).ToHaveAttributeAsync("data-rate", "0.2", new() { Timeout = 10_000 });  // 3,000 of 15,000
        await ExpectListAsync(screen,
            (org.PolicyId("D"), "李娜", "¥800", "¥0", 0),
            (org.PolicyId("C"), "王芳", "¥1,500", "¥750", cDaysLeft),
            (org.PolicyId("A"), "王芳", "¥4,000", "¥1,000", 60),
            (org.PolicyId("E"), "王芳", "¥9,000", "¥0", 60));

        await screen.AssertNoScrollbarsAsync();
        await screen.AssertInViewportAsync("renewals");
        screen.AssertNoScriptErrors();
    }
}
