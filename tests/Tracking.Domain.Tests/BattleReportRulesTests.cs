using Tracking.Domain.Celebrations;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class BattleReportRulesTests
{
    private static readonly PeriodKey Monday = new(PeriodKind.Day, Date("2026-11-23"));

    private static RankingInput Standing(string id, decimal value, string at, long arrival = 1) => new(id, value, At(at), arrival);

    [Fact]
    public void A_policy_is_cheered_from_the_branchs_minimum_premium()
    {
        var settings = CelebrationSettings.Default with { PolicyMinPremium = 10000m };
        Assert.False(settings.Admits(CelebrationKind.Policy, 9999.99m));
        Assert.True(settings.Admits(CelebrationKind.Policy, 10000m));
        Assert.True(CelebrationSettings.Default.Admits(CelebrationKind.Policy, 0.01m));
        Assert.False((settings with { RankUp = false }).Admits(CelebrationKind.RankUp, 1m));
        Assert.Equal(["burst", "intervalSeconds"], (settings with { Burst = 0, IntervalSeconds = 0 }).Problems().Select(p => p.Field));
    }

    [Fact]
    public void Taking_rank_one_from_someone_is_an_overtake_the_days_first_sale_and_a_tie_are_not()
    {
        var watch = new LeaderWatch();
        watch.Reset(Monday, null);

        Assert.Equal(LeaderChange.None, watch.Observe(Standing("A1", 5000m, "2026-11-23T09:00:00+08:00")));  // first sale: A1 leads, nobody overtaken
        Assert.Equal(LeaderChange.None, watch.Observe(Standing("A2", 5000m, "2026-11-23T09:30:00+08:00")));  // a tie: A1 got there first
        Assert.Equal(LeaderChange.Overtook, watch.Observe(Standing("A2", 5000.01m, "2026-11-23T09:45:00+08:00")));
        Assert.Equal("A2", watch.Leader!.Value.Id);
        Assert.Equal(LeaderChange.None, watch.Observe(Standing("A2", 9000m, "2026-11-23T10:00:00+08:00"))); // the leader extends its lead
        Assert.Equal(LeaderChange.LeaderFell, watch.Observe(Standing("A2", 1000m, "2026-11-23T11:00:00+08:00"))); // a cancellation
    }

    [Fact]
    public void A_new_day_is_watched_from_its_own_leader()
    {
        var watch = new LeaderWatch();
        watch.Reset(Monday, Standing("A1", 0m, "2026-11-23T09:00:00+08:00"));
        Assert.True(watch.Watches(Monday));
        Assert.Null(watch.Leader); // a zero is nobody's lead
        Assert.False(watch.Watches(Monday with { Start = Date("2026-11-24") }));
    }

    [Fact]
    public void A_target_crossing_100_percent_is_cheered_once_for_the_widest_period()
    {
        var book = new TargetBook([
            new TargetSetting(TargetScope.Agent, "A1", Metric.Fyp, PeriodKind.Day, 10000m),
            new TargetSetting(TargetScope.Agent, "A1", Metric.Fyp, PeriodKind.Month, 30000m),
            new TargetSetting(TargetScope.Agent, "A1", Metric.Calls, PeriodKind.Day, 5m),
        ]);
        var owner = TargetOwner.Agent("A1", "T1", "SZ01");
        var day = Monday;
        var month = new PeriodKey(PeriodKind.Month, Date("2026-11-01"));
        (PeriodKey, IReadOnlyDictionary<Metric, ResolvedTarget>, MetricValues, MetricValues) Change(PeriodKey p, MetricValues before, MetricValues after) =>
            (p, book.ResolveAll(owner, p), before, after);
        var watch = new TargetReachedWatch();

        // 8,000 today and 25,000 this month, then a 6,000 sale: today 14,000 ≥ 10,000 and the month 31,000 ≥ 30,000.
        var reached = watch.Check("A1", [
            Change(day, Values((Metric.Fyp, 8000m)), Values((Metric.Fyp, 14000m))),
            Change(month, Values((Metric.Fyp, 25000m)), Values((Metric.Fyp, 31000m))),
        ]);
        Assert.Equal([new TargetReached("A1", Metric.Fyp, month, 31000m, 30000m)], reached);

        // A cancellation drops below and a new sale climbs again: not news twice. 4 → 5 calls reaches the call target.
        Assert.Empty(watch.Check("A1", [Change(day, Values((Metric.Fyp, 9000m)), Values((Metric.Fyp, 12000m)))]));
        Assert.Equal([new TargetReached("A1", Metric.Calls, day, 5m, 5m)],
            watch.Check("A1", [Change(day, Values((Metric.Calls, 4m)), Values((Metric.Calls, 5m)))]));
        // Already above before the change: no crossing.
        Assert.Empty(watch.Check("A1", [Change(day, Values((Metric.Calls, 5m)), Values((Metric.Calls, 6m)))]));

        watch.Prune(Date("2026-11-24"));
        Assert.NotEmpty(watch.Check("A1", [Change(day, Values((Metric.Calls, 4m)), Values((Metric.Calls, 5m)))]));
    }
}
