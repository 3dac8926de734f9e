using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class TargetBookTests
{
    private static readonly PeriodKey November = new(PeriodKind.Month, Date("2026-11-01"));

    private static PeriodKey Week(string monday) => new(PeriodKind.Week, Date(monday));

    [Fact]
    public void An_agent_gets_its_own_target_else_its_teams_else_its_branchs()
    {
        var book = new TargetBook();
        book.Upsert(new TargetSetting(TargetScope.Branch, "SZ01", Metric.Visits, PeriodKind.Week, 15));
        book.Upsert(new TargetSetting(TargetScope.Team, "T1", Metric.Visits, PeriodKind.Week, 18));
        book.Upsert(new TargetSetting(TargetScope.Agent, "A1", Metric.Visits, PeriodKind.Week, 20));
        var week = Week("2026-11-23");

        Assert.Equal(20m, book.ForAgent("A1", "T1", "SZ01", Metric.Visits, week)!.Value); // own
        Assert.Equal(18m, book.ForAgent("A2", "T1", "SZ01", Metric.Visits, week)!.Value); // team's
        Assert.Equal(15m, book.ForAgent("A3", "T2", "SZ01", Metric.Visits, week)!.Value); // branch's
        Assert.Equal(15m, book.ForAgent("A4", null, "SZ01", Metric.Visits, week)!.Value); // no team: branch's
        Assert.Null(book.ForAgent("A1", "T1", "SZ02", Metric.Calls, week));               // nothing set
        Assert.Null(book.ForAgent("A1", "T1", "SZ01", Metric.Visits, November));          // nothing for the month
    }

    [Fact]
    public void A_team_gets_its_own_target_else_its_branchs_and_never_an_agents()
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Fyp, PeriodKind.Month, 400_000),
            new TargetSetting(TargetScope.Team, "T1", Metric.Fyp, PeriodKind.Month, 250_000),
            new TargetSetting(TargetScope.Agent, "T2", Metric.Fyp, PeriodKind.Month, 1), // an agent that happens to be called T2
        ]);

        Assert.Equal(250_000m, book.ForTeam("T1", "SZ01", Metric.Fyp, November)!.Value);
        Assert.Equal(400_000m, book.ForTeam("T2", "SZ01", Metric.Fyp, November)!.Value);
        Assert.Equal(400_000m, book.ForBranch("SZ01", Metric.Fyp, November)!.Value);
    }

    [Fact]
    public void Upsert_replaces_the_setting_with_the_same_scope_id_metric_and_period()
    {
        var book = new TargetBook();
        book.Upsert(new TargetSetting(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Month, 80));
        book.Upsert(new TargetSetting(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Week, 20));
        book.Upsert(new TargetSetting(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Month, 90));

        Assert.Equal(2, book.Settings.Count);
        Assert.Equal(90m, book.Find(new TargetKey(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Month))!.Value);
        Assert.True(book.Remove(new TargetKey(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Week)));
        Assert.Single(book.Settings);
    }

    [Fact]
    public void The_stored_split_is_a_copy()
    {
        var split = new[] { 10m, 5m, 5m, 10m };
        var book = new TargetBook();
        book.Upsert(new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 30, split));
        split[0] = 99m;

        Assert.Equal([10m, 5m, 5m, 10m], book.Settings.Single().WeeklySplit!);
    }

    [Fact]
    public void Derived_week_targets_follow_the_block_of_the_weeks_Thursday_in_the_Thursdays_month()
    {
        // Last block 8 (not 10) so that a week at a month's edge shows which month's block it took.
        var book = new TargetBook([new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 28, [10, 5, 5, 8])]);
        decimal? WeekTarget(string monday) => book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, Week(monday))?.Value;

        Assert.Equal(10m, WeekTarget("2026-11-02")); // Thursday 5 Nov: days 1–7, block 1 → 10
        Assert.Equal(5m, WeekTarget("2026-11-09"));  // Thursday 12 Nov: days 8–14, block 2 → 5
        Assert.Equal(5m, WeekTarget("2026-11-16"));  // Thursday 19 Nov: days 15–21, block 3 → 5
        Assert.Equal(8m, WeekTarget("2026-11-23"));  // Thursday 26 Nov: days 22–30, block 4 → 8
        // Monday 30 Nov: its Thursday is 3 December, so December's block 1 → 10 (not November's block 4).
        Assert.Equal(10m, WeekTarget("2026-11-30"));
        // Monday 26 Oct: Thursday 29 October is in October's last block (22–31) → 8, although the
        // week ends in November (whose block 1 would be 10).
        Assert.Equal(8m, WeekTarget("2026-10-26"));
        // Monday 28 Sep 2026: Thursday 1 October → October's block 1 → 10 (not September's last block).
        Assert.Equal(10m, WeekTarget("2026-09-28"));

        var derived = book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, Week("2026-11-09"))!;
        Assert.True(derived.FromWeeklySplit);
        Assert.Equal(Week("2026-11-09"), derived.Period);
        Assert.Equal(TargetScope.Team, derived.Source.Scope);
        Assert.Null(derived.WeeklySplit); // a week target has no split of its own
    }

    [Fact]
    public void Weeks_of_a_10_5_5_10_split_get_10_5_5_10()
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Branch, "SZ01", Metric.AClassSalesVisits, PeriodKind.Month, 30, [10, 5, 5, 10])]);
        decimal?[] weeks = [.. new[] { "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23" }
            .Select(monday => book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, Week(monday))?.Value)];
        Assert.Equal([10m, 5m, 5m, 10m], weeks);
        // No derivation for days.
        Assert.Null(book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, new PeriodKey(PeriodKind.Day, Date("2026-11-12"))));
    }

    [Fact]
    public void A_five_value_split_gives_the_fifth_value_to_a_week_whose_Thursday_is_the_29th_or_later()
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Branch, "SZ01", Metric.ServiceVisits, PeriodKind.Month, 31, [7, 7, 7, 7, 3])]);
        // Monday 26 Oct 2026 → Thursday 29 Oct → block 5 (days 29–31) → 3.
        Assert.Equal(3m, book.ForAgent("A1", "T1", "SZ01", Metric.ServiceVisits, Week("2026-10-26"))!.Value);
    }

    [Fact]
    public void An_explicit_week_target_always_wins_over_a_split()
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 30, [10, 5, 5, 10]),
            // Wider scope, but an explicit week target.
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.AClassSalesVisits, PeriodKind.Week, 7),
        ]);

        var target = book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, Week("2026-11-09"))!;

        Assert.Equal(7m, target.Value);
        Assert.False(target.FromWeeklySplit);
        Assert.Equal(TargetScope.Branch, target.Source.Scope);
    }

    [Fact]
    public void An_agents_own_month_target_without_a_split_overrides_the_teams_split_for_weeks()
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 30, [10, 5, 5, 10]),
            new TargetSetting(TargetScope.Agent, "A1", Metric.AClassSalesVisits, PeriodKind.Month, 40),
        ]);

        Assert.Null(book.ForAgent("A1", "T1", "SZ01", Metric.AClassSalesVisits, Week("2026-11-09")));
        Assert.Equal(5m, book.ForAgent("A2", "T1", "SZ01", Metric.AClassSalesVisits, Week("2026-11-09"))!.Value);
    }

    [Fact]
    public void A_month_target_carries_its_split_for_pace()
    {
        var book = new TargetBook([new TargetSetting(TargetScope.Team, "T1", Metric.ServiceVisits, PeriodKind.Month, 30, [5, 10, 5, 10])]);

        var target = book.ForTeam("T1", "SZ01", Metric.ServiceVisits, November)!;

        Assert.Equal(30m, target.Value);
        Assert.Equal([5m, 10m, 5m, 10m], target.WeeklySplit!);
        Assert.False(target.FromWeeklySplit);
    }

    [Fact]
    public void A_collection_rate_target_is_its_share_of_what_falls_due_for_each_owner_and_gives_no_week_targets()
    {
        // 90 % of the month's due, planned 40 / 30 / 15 / 5 % over the month's weekly blocks.
        var book = new TargetBook([new TargetSetting(TargetScope.Team, "T1", Metric.RenewalDueCollected, PeriodKind.Month, 0.9m, [0.4m, 0.3m, 0.15m, 0.05m], ShareOfDue: true)]);
        var owner = TargetOwner.Agent("A1", "T1", "SZ01");

        var target = book.Resolve(owner, Metric.RenewalDueCollected, November, Values((Metric.RenewalDue, 4500m), (Metric.RenewalDueCollected, 3500m)))!;
        Assert.Equal(4050m, target.Value);                              // 0.9 × 4,500
        Assert.Equal([1800m, 1350m, 675m, 225m], target.WeeklySplit!);  // the split's shares of 4,500
        Assert.Equal(3500m / 4050m, Attainment.ForAll(book.ResolveAll(owner, November, Values((Metric.RenewalDue, 4500m), (Metric.RenewalDueCollected, 3500m))),
            Values((Metric.RenewalDue, 4500m), (Metric.RenewalDueCollected, 3500m)))[Metric.RenewalDueCollected]);
        // Nothing due: a target of 0, so no attainment.
        Assert.Equal(0m, book.Resolve(owner, Metric.RenewalDueCollected, November)!.Value);
        // A week's due is not the month's: the split gives no week target.
        Assert.Null(book.Resolve(owner, Metric.RenewalDueCollected, Week("2026-11-02"), Values((Metric.RenewalDue, 1000m))));
        Assert.Equal("collectionRate", target.Source.MetricName);
    }

    [Fact]
    public void A_collection_rate_above_one_or_on_another_metric_is_refused()
    {
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.RenewalDueCollected, PeriodKind.Month, 1.2m, ShareOfDue: true).Problems());
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.RenewalDueCollected, PeriodKind.Month, 0.9m, [0.6m, 0.6m], ShareOfDue: true).Problems());
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.Fyp, PeriodKind.Month, 0.9m, ShareOfDue: true).Problems());
        Assert.Empty(new TargetSetting(TargetScope.Team, "T1", Metric.RenewalDueCollected, PeriodKind.Week, 1m, ShareOfDue: true).Problems());
    }

    [Fact]
    public void ResolveAll_lists_only_metrics_with_a_target()
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Visits, PeriodKind.Week, 15),
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.ProactiveVisits, PeriodKind.Week, 10),
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Month, 80),
        ]);

        var targets = book.ResolveAll(TargetOwner.Agent("A1", "T1", "SZ01"), Week("2026-11-23"));

        Assert.Equal([Metric.Visits, Metric.ProactiveVisits], targets.Keys.Order());
        Assert.Equal(15m, targets[Metric.Visits].Value);
    }

    [Fact]
    public void Invalid_settings_are_refused_with_reasons()
    {
        Assert.Empty(new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 30, [10, 5, 5, 10]).Problems());
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.Visits, PeriodKind.Week, -1).Problems());
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.Visits, PeriodKind.Week, 15, [5, 10]).Problems()); // split on a week
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.Visits, PeriodKind.Month, 60, [10, 10, 10, 10, 10, 10]).Problems());
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.Visits, PeriodKind.Month, 60, []).Problems());
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, "T1", Metric.Visits, PeriodKind.Month, 60, [70, -10]).Problems());
        Assert.NotEmpty(new TargetSetting(TargetScope.Team, " ", Metric.Visits, PeriodKind.Month, 60).Problems());

        var book = new TargetBook();
        Assert.Throws<ArgumentException>(() => book.Upsert(new TargetSetting(TargetScope.Team, "T1", Metric.Visits, PeriodKind.Day, -5)));
        Assert.Empty(book.Settings);
    }

    [Theory]
    [InlineData("branch", TargetScope.Branch)]
    [InlineData("team", TargetScope.Team)]
    [InlineData("agent", TargetScope.Agent)]
    public void Scope_names_round_trip(string name, TargetScope scope)
    {
        Assert.True(TargetScopes.TryParse(name, out var parsed));
        Assert.Equal(scope, parsed);
        Assert.Equal(name, scope.Name());
        Assert.False(TargetScopes.TryParse("Team", out _));
    }
}
