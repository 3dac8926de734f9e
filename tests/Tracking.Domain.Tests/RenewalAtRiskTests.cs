using Tracking.Domain.Alerts;
using Tracking.Domain.Renewals;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

/// <summary>
/// The renewalAtRisk rule: which renewal items are at risk on a day (open, grace end at most N days away), the
/// conditions it gives, and how the alert book raises, keeps and resolves one alert per item.
/// </summary>
public sealed class RenewalAtRiskTests
{
    private static readonly BranchClock Shanghai = BranchClock.For("Asia/Shanghai");

    private static RenewalDue Due(string policyId, string dueDate, decimal amount, string agent = "A1") =>
        new(policyId, agent, Date(dueDate), amount, 2);

    /// <summary>
    /// Three items of one agent, 60 grace days: P1 1,000 due 5 Nov 2026 (grace ends Mon 4 Jan 2027), 400 paid;
    /// P2 2,000 due 1 Nov (grace ends 31 Dec), nothing paid; P3 500 due 2 Nov (grace ends 1 Jan), paid in full.
    /// </summary>
    private static RenewalBook Book()
    {
        var book = new RenewalBook();
        book.Upsert([Due("P1", "2026-11-05", 1000), Due("P2", "2026-11-01", 2000), Due("P3", "2026-11-02", 500)]);
        book.Collect(new RenewalPayment("P1", Date("2026-11-20"), 400));
        book.Collect(new RenewalPayment("P3", Date("2026-11-20"), 500));
        return book;
    }

    [Theory]
    [InlineData("2026-12-15", "")]          // P2 has 16 days left: not yet
    [InlineData("2026-12-16", "P2")]        // 15 days before P2's grace end
    [InlineData("2026-12-20", "P2,P1")]     // P1 has 15 days left too; P2 (31 Dec) is more urgent
    [InlineData("2026-12-31", "P2,P1")]     // P2's last day: still open, 0 days left
    [InlineData("2027-01-01", "P1")]        // P2 lapsed at midnight
    [InlineData("2027-01-04", "P1")]        // P1's last day
    [InlineData("2027-01-05", "")]          // everything lapsed or collected
    public void An_item_is_at_risk_from_N_days_before_its_grace_end_through_its_last_day(string today, string atRisk)
    {
        var items = Book().AtRisk(Date(today), 15);

        Assert.Equal(atRisk, string.Join(",", items.Select(i => i.Due.PolicyId)));
    }

    [Fact]
    public void An_item_at_risk_carries_what_is_due_and_what_was_collected()
    {
        var p1 = Assert.Single(Book().AtRisk(Date("2027-01-02"), 15));

        Assert.Equal(new OpenRenewal(Due("P1", "2026-11-05", 1000), Date("2027-01-04"), 400), p1);
    }

    [Fact]
    public void A_kept_item_is_judged_again_day_by_day_and_stops_being_at_risk_when_it_lapses()
    {
        var kept = new OpenRenewal(Due("P1", "2026-11-05", 1000), Date("2027-01-04"), 400);

        Assert.False(kept.IsAtRiskOn(Date("2026-12-19"), 15));
        Assert.True(kept.IsAtRiskOn(Date("2026-12-20"), 15));
        Assert.True(kept.IsAtRiskOn(Date("2027-01-04"), 15));
        Assert.False(kept.IsAtRiskOn(Date("2027-01-05"), 15));
        Assert.False((kept with { Collected = 1000 }).IsAtRiskOn(Date("2026-12-20"), 15));
        // Zero days: only the last day of the grace period.
        Assert.False(kept.IsAtRiskOn(Date("2027-01-03"), 0));
        Assert.True(kept.IsAtRiskOn(Date("2027-01-04"), 0));
    }

    [Fact]
    public void The_rule_gives_one_condition_per_item_at_risk_most_urgent_first_with_collected_against_due()
    {
        var items = new[]
        {
            new OpenRenewal(Due("P1", "2026-11-05", 1000), Date("2027-01-04"), 400),
            new OpenRenewal(Due("P9", "2026-11-01", 300, agent: "A2"), Date("2026-12-31"), 0),
            new OpenRenewal(Due("P1", "2026-12-05", 1000), Date("2027-02-03"), 0), // the same policy's next item: not yet
        };

        var conditions = AlertEvaluator.RenewalsAtRisk(items, AlertSettings.Default, Date("2026-12-20"));

        Assert.Equal(
            [
                new AlertCondition("A2", AlertRule.RenewalAtRisk, null, 0, 300, new RenewalItemRef("P9", Date("2026-11-01"), Date("2026-12-31"))),
                new AlertCondition("A1", AlertRule.RenewalAtRisk, null, 400, 1000, new RenewalItemRef("P1", Date("2026-11-05"), Date("2027-01-04"))),
            ],
            conditions);
    }

    [Fact]
    public void The_rule_follows_its_settings()
    {
        var items = new[] { new OpenRenewal(Due("P1", "2026-11-05", 1000), Date("2027-01-04"), 0) };

        Assert.Empty(AlertEvaluator.RenewalsAtRisk(items, AlertSettings.Default with { RenewalAtRiskEnabled = false }, Date("2027-01-01")));
        Assert.Empty(AlertEvaluator.RenewalsAtRisk(items, AlertSettings.Default with { RenewalAtRiskDaysBeforeGraceEnd = 2 }, Date("2027-01-01")));
        Assert.Single(AlertEvaluator.RenewalsAtRisk(items, AlertSettings.Default with { RenewalAtRiskDaysBeforeGraceEnd = 3 }, Date("2027-01-01")));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void Days_before_grace_end_go_from_0_to_365(int days, bool usable)
    {
        var problems = (AlertSettings.Default with { RenewalAtRiskDaysBeforeGraceEnd = days }).Problems();

        Assert.Equal(usable, problems.Count == 0);
    }

    private static AlertCondition AtRisk(string policyId, string dueDate, decimal collected = 0, decimal amount = 1000, string agent = "A1") =>
        new(agent, AlertRule.RenewalAtRisk, null, collected, amount, new RenewalItemRef(policyId, Date(dueDate), Date(dueDate).AddDays(60)));

    private static IReadOnlyList<Alert> Apply(AlertBook book, string now, IReadOnlyCollection<AlertCondition> conditions,
        bool judged = true, AlertSettings? settings = null)
    {
        var at = At(now);
        return book.Apply(conditions, _ => judged, at, Shanghai.LocalDate(at), Shanghai.LocalDate, workingTime: true, settings ?? AlertSettings.Default);
    }

    [Fact]
    public void Each_item_has_its_own_alert_kept_while_it_is_at_risk_and_resolved_when_it_is_not()
    {
        var book = new AlertBook("T1");

        // Two items of the same policy (two due dates) and one of another: three alerts.
        var raised = Apply(book, "2026-12-21T10:00:00+08:00", [AtRisk("P1", "2026-11-05"), AtRisk("P1", "2026-11-06"), AtRisk("P2", "2026-11-05")]);
        Assert.Equal(["T1.1", "T1.2", "T1.3"], raised.Select(a => a.AlertId));
        Assert.Equal(new RenewalItemRef("P1", Date("2026-11-06"), Date("2027-01-05")), raised[1].Item);
        Assert.Equal((AlertRule.RenewalAtRisk, (Metric?)null, 0m, 1000m), (raised[1].Rule, raised[1].Metric, raised[1].Actual, raised[1].Expected));

        // Later judgements with other numbers (a part was paid): still three alerts, with their first numbers.
        Assert.Empty(Apply(book, "2026-12-22T10:00:00+08:00", [AtRisk("P1", "2026-11-05", collected: 300), AtRisk("P1", "2026-11-06"), AtRisk("P2", "2026-11-05")]));
        Assert.Equal(3, book.Unresolved.Count());

        // Not judged (its agent's items not read yet): nothing resolves although no condition names the items.
        Assert.Empty(Apply(book, "2026-12-22T11:00:00+08:00", [], judged: false));

        // P1's first item collected: its alert alone resolves.
        var resolved = Assert.Single(Apply(book, "2026-12-22T12:00:00+08:00", [AtRisk("P1", "2026-11-06"), AtRisk("P2", "2026-11-05")]));
        Assert.Equal(("T1.1", AlertStatus.Resolved), (resolved.AlertId, resolved.Status));
    }

    [Fact]
    public void An_acknowledged_item_stays_quiet_for_the_cool_down_and_counts_against_the_daily_cap()
    {
        var capOfTwo = AlertSettings.Default with { DailyCapPerTeam = 2 };
        var book = new AlertBook("T1");

        Assert.Equal(["P1", "P2"], Apply(book, "2026-12-21T10:00:00+08:00", [AtRisk("P1", "2026-11-05"), AtRisk("P2", "2026-11-05"), AtRisk("P3", "2026-11-05")], settings: capOfTwo)
            .Select(a => a.Item!.PolicyId));

        // P1 acknowledged at 10:10, then no longer at risk (say its amount was corrected): resolved. P3 stays over the cap.
        book.Acknowledge("T1.1", At("2026-12-21T10:10:00+08:00"));
        Apply(book, "2026-12-21T10:20:00+08:00", [AtRisk("P2", "2026-11-05"), AtRisk("P3", "2026-11-05")], settings: capOfTwo);

        // The next day P1 owes again (its acknowledgement is far past the hour's cool-down); P3 takes the day's other place.
        var nextDay = Apply(book, "2026-12-22T09:00:00+08:00", [AtRisk("P1", "2026-11-05"), AtRisk("P2", "2026-11-05"), AtRisk("P3", "2026-11-05")], settings: capOfTwo);
        Assert.Equal(["P1", "P3"], nextDay.Select(a => a.Item!.PolicyId));

        // Within the cool-down after an acknowledgement the same item is not raised again.
        book.Acknowledge(nextDay[0].AlertId, At("2026-12-22T09:05:00+08:00"));
        Apply(book, "2026-12-22T09:10:00+08:00", [AtRisk("P2", "2026-11-05"), AtRisk("P3", "2026-11-05")]);
        Assert.Empty(Apply(book, "2026-12-22T10:04:59+08:00", [AtRisk("P1", "2026-11-05"), AtRisk("P2", "2026-11-05"), AtRisk("P3", "2026-11-05")]));
        Assert.Equal("P1", Assert.Single(Apply(book, "2026-12-22T10:05:00+08:00", [AtRisk("P1", "2026-11-05"), AtRisk("P2", "2026-11-05"), AtRisk("P3", "2026-11-05")])).Item!.PolicyId);
    }
}
