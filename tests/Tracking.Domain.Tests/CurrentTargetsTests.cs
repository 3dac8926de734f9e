using Tracking.Domain.Celebrations;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class CurrentTargetsTests
{
    private static readonly DateOnly Today = Date("2026-11-24");

    private static TargetBook Book() => new([
        new TargetSetting(TargetScope.Branch, "SZ01", Metric.Visits, PeriodKind.Week, 15m),
        new TargetSetting(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Month, 80m),
        new TargetSetting(TargetScope.Team, "T1", Metric.AClassSalesVisits, PeriodKind.Month, 30m, [10m, 5m, 5m, 10m]),
        new TargetSetting(TargetScope.Agent, "A1", Metric.Fyp, PeriodKind.Month, 20000m),
        new TargetSetting(TargetScope.Team, "T1", Metric.RenewalDueCollected, PeriodKind.Quarter, 0.9m, ShareOfDue: true),
    ]);

    [Fact]
    public void An_agents_current_targets_are_what_resolving_every_metric_gives_with_its_values()
    {
        var book = Book();
        var owner = TargetOwner.Agent("A1", "T1", "SZ01");
        var targets = CurrentTargets.Resolve(book, owner, Today);
        var values = Values((Metric.RenewalDue, 12345.67m));

        var expected = PeriodKey.AllContaining(Today).SelectMany(p => book.ResolveAll(owner, p, values).Values).ToArray();
        Assert.Equal(expected, targets.Targets.Select(t => t.WhenDue(values[Metric.RenewalDue])));
        // The week has the branch's visits and the team's split; the month the branch's calls, the team's plan and the agent's FYP.
        Assert.Equal(6, targets.Targets.Count);
        var rate = Assert.Single(targets.Targets, t => t.FollowsDue);
        Assert.Equal(0.9m * 12345.67m, rate.WhenDue(12345.67m).Value);
        Assert.Same(CurrentTargets.None, CurrentTargets.Resolve(book, TargetOwner.Agent("A9", "T9", "XX"), Today));
    }

    [Fact]
    public void Cached_targets_hold_until_the_day_the_team_or_the_book_changes()
    {
        var cache = new CurrentTargetsCache("SZ01");
        var book = Book();
        var first = cache.For(book, Today, "A1", "T1");
        Assert.Same(first, cache.For(book, Today, "A1", "T1"));

        var otherTeam = cache.For(book, Today, "A1", "T2"); // moved: the team's targets no longer apply
        Assert.DoesNotContain(otherTeam.Targets, t => t.Metric == Metric.AClassSalesVisits);

        var tomorrow = cache.For(book, Today.AddDays(1), "A1", "T2");
        Assert.NotSame(otherTeam, tomorrow); // resolved again, for the same week and month
        Assert.Equal(otherTeam.Targets, tomorrow.Targets);

        var held = cache.For(book, Today, "A1", "T1");
        book.Upsert(new TargetSetting(TargetScope.Agent, "A1", Metric.Calls, PeriodKind.Day, 5m));
        var changed = cache.For(book, Today, "A1", "T1");
        Assert.NotSame(held, changed);
        Assert.Contains(changed.Targets, t => t.Metric == Metric.Calls && t.Period.Kind == PeriodKind.Day);
        Assert.True(book.Remove(new TargetKey(TargetScope.Agent, "A1", Metric.Calls, PeriodKind.Day)));
        Assert.DoesNotContain(cache.For(book, Today, "A1", "T1").Targets, t => t.Period.Kind == PeriodKind.Day);
        Assert.NotSame(changed, cache.For(new TargetBook(book.Settings), Today, "A1", "T1"));
    }

    [Fact]
    public void Crossings_of_one_change_keep_the_widest_period_per_metric_in_metric_order()
    {
        var watch = new TargetReachedWatch();
        var widest = new WidestReached();
        var day = new PeriodKey(PeriodKind.Day, Today);
        var month = PeriodKey.Containing(PeriodKind.Month, Today);
        foreach (var (metric, period, target) in new[] { (Metric.Fyp, day, 100m), (Metric.Fyp, month, 150m), (Metric.Calls, day, 5m) })
        {
            if (watch.Cross("A1", metric, period, target, 0m, 200m) is { } reached) widest.Offer(reached);
        }
        Assert.Equal([new TargetReached("A1", Metric.Calls, day, 200m, 5m), new TargetReached("A1", Metric.Fyp, month, 200m, 150m)], widest.InMetricOrder());
        Assert.Null(watch.Cross("A1", Metric.Fyp, day, 100m, 0m, 200m)); // once
        Assert.Null(watch.Cross("A2", Metric.Fyp, day, 0m, -1m, 200m));   // a zero target is never reached
        Assert.Null(watch.Cross("A2", Metric.Fyp, day, 100m, 100m, 200m)); // already there
        Assert.Null(watch.Cross("A2", Metric.Fyp, day, 100m, 50m, 99.99m)); // not yet
    }
}
