using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class EffectiveHeadcountTests
{
    private static readonly BranchClock Shanghai = BranchClock.For("Asia/Shanghai");
    private static readonly PeriodKey Q3 = new(PeriodKind.Quarter, Date("2026-07-01"));
    private static readonly PeriodKey July = new(PeriodKind.Month, Date("2026-07-01"));
    private static readonly PeriodKey August = new(PeriodKind.Month, Date("2026-08-01"));
    private static readonly PeriodKey September = new(PeriodKind.Month, Date("2026-09-01"));
    private static readonly IReadOnlyCollection<string> TeamT1 = ["T1"];
    private static readonly DateTimeOffset AfterTheQuarter = At("2026-12-03T10:00:00+08:00");

    private static MembershipHistory Joined(string at) => new([new MembershipChange(At(at), "T1", true)]);

    private static MembershipHistory JoinedAndLeft(string joined, string left) => new(
    [
        new MembershipChange(At(joined), "T1", true),
        new MembershipChange(At(left), "T1", false),
    ]);

    private static MetricValues Sold(int policies, decimal fyp) => Values((Metric.Policies, policies), (Metric.Fyp, fyp));

    /// <summary>
    /// Team T1 in the third quarter of 2026 (Shanghai); the month values each agent has credited to T1:
    ///
    ///   agent                         July               August                       September
    ///   A1 member all quarter         2 policies 20 000  1 policy 8 000               1 policy 6 000
    ///   A2 joins 10 Aug (joiner)      –                  1 policy 5 000               1 policy 4 000
    ///   A3 leaves 1 Aug (leaver)      1 policy 9 000     –                            –
    ///   A4 member all quarter         –                  –                            1 policy 3 000  (effective only in September)
    ///   A5 member all quarter         sold and cancelled (0 policies, FYP 0), 30 calls
    ///   A6 member all quarter         1 policy 7 000     its cancellation (−1, −7 000) –
    /// </summary>
    private static IReadOnlyList<KpiAgent> TeamIn(PeriodKey month)
    {
        var a1 = Joined("2026-01-05T00:00:00+08:00");
        var a2 = Joined("2026-08-10T09:00:00+08:00");
        var a3 = JoinedAndLeft("2026-02-01T00:00:00+08:00", "2026-08-01T00:00:00+08:00");
        var a4 = Joined("2026-03-01T00:00:00+08:00");
        var a5 = Joined("2026-03-01T00:00:00+08:00");
        var a6 = Joined("2026-04-01T00:00:00+08:00");
        var none = new MetricValues();
        return month.Start.Month switch
        {
            7 => [new("A1", a1, Sold(2, 20_000)), new("A2", a2, none), new("A3", a3, Sold(1, 9_000)), new("A4", a4, none),
                  new("A5", a5, Values((Metric.Calls, 30))), new("A6", a6, Sold(1, 7_000))],
            8 => [new("A1", a1, Sold(1, 8_000)), new("A2", a2, Sold(1, 5_000)), new("A3", a3, none), new("A4", a4, none),
                  new("A5", a5, none), new("A6", a6, Sold(-1, -7_000))],
            9 => [new("A1", a1, Sold(1, 6_000)), new("A2", a2, Sold(1, 4_000)), new("A3", a3, none), new("A4", a4, Sold(1, 3_000)),
                  new("A5", a5, none), new("A6", a6, none)],
            _ => throw new ArgumentOutOfRangeException(nameof(month)),
        };
    }

    private static int Count(PeriodKey month, EffectiveAgentRule rule, DateTimeOffset? asOf = null)
    {
        var (start, end) = Shanghai.Bounds(month);
        return EffectiveHeadcount.InMonth(start, end, asOf ?? AfterTheQuarter, TeamT1, TeamIn(month), rule);
    }

    private static decimal? Quarter(EffectiveAgentRule rule, DateTimeOffset asOf) =>
        EffectiveHeadcount.Average(EffectiveHeadcount.MonthsCounted(Q3, Shanghai.LocalDate(asOf)).Select(m => Count(m, rule, asOf)).ToArray());

    [Fact]
    public void Default_rule_counts_agents_with_a_net_policy_in_the_month_and_the_quarter_averages_the_three_months()
    {
        var rule = EffectiveAgentRule.Default;

        // July: A1 (2), A3 (1, the leaver sold before leaving), A6 (1) = 3; A5 nets to 0 policies.
        Assert.Equal(3, Count(July, rule));
        // August: A1, A2 (the joiner) = 2; A6's cancellation leaves it at −1: not effective.
        Assert.Equal(2, Count(August, rule));
        // September: A1, A2, A4 (effective in this month only) = 3.
        Assert.Equal(3, Count(September, rule));
        // Quarter: (3 + 2 + 3) ÷ 3 = 8 ÷ 3 = 2.666…
        Assert.Equal(8m / 3m, Quarter(rule, AfterTheQuarter));
    }

    [Fact]
    public void A_cancellation_in_the_month_takes_the_agent_below_the_threshold()
    {
        var (start, end) = Shanghai.Bounds(July);
        var agent = Joined("2026-01-05T00:00:00+08:00");
        int CountWith(MetricValues july) => EffectiveHeadcount.InMonth(start, end, AfterTheQuarter, TeamT1, [new KpiAgent("A1", agent, july)], EffectiveAgentRule.Default);

        Assert.Equal(1, CountWith(Sold(1, 10_000)));
        // The same policy cancelled within July: 1 − 1 = 0 policies, 10 000 − 10 000 = 0 FYP.
        Assert.Equal(0, CountWith(Sold(0, 0)));
        // Two sold, one of them cancelled: still one net policy.
        Assert.Equal(1, CountWith(Sold(1, 12_000)));
    }

    [Fact]
    public void Custom_thresholds_need_both_net_policies_and_net_fyp()
    {
        // At least 1 policy and FYP 5 000: July A1 (20 000), A3 (9 000), A6 (7 000) = 3; August A1 (8 000), A2 (5 000, exactly) = 2;
        // September A1 (6 000) = 1, A2 (4 000) and A4 (3 000) fall short. (3 + 2 + 1) ÷ 3 = 2.
        var rule = new EffectiveAgentRule(1, 5_000m);
        Assert.Equal([3, 2, 1], new[] { Count(July, rule), Count(August, rule), Count(September, rule) });
        Assert.Equal(2m, Quarter(rule, AfterTheQuarter));

        // At least 2 policies: only A1 in July. (1 + 0 + 0) ÷ 3.
        Assert.Equal(1m / 3m, Quarter(new EffectiveAgentRule(2, 0m), AfterTheQuarter));
    }

    [Fact]
    public void A_rule_of_zero_counts_every_agent_active_at_some_instant_of_the_month_or_credited_in_it()
    {
        var rule = new EffectiveAgentRule(0, 0m);

        // July: A1, A3 (active until 1 Aug), A4, A5, A6 = 5; A2 joins only in August.
        Assert.Equal(5, Count(July, rule));
        // August: A1, A2 (from the 10th), A4, A5 = 4; A3 left at the month's first instant; A6's month nets to −1 policy.
        Assert.Equal(4, Count(August, rule));
        // In the running August on the 5th, the joiner of the 10th (nothing sold yet) is not a candidate yet.
        var (start, end) = Shanghai.Bounds(August);
        var onThe5th = TeamIn(August).Select(a => a.AgentId == "A2" ? a with { Credited = new MetricValues() } : a);
        Assert.Equal(3, EffectiveHeadcount.InMonth(start, end, At("2026-08-05T12:00:00+08:00"), TeamT1, onThe5th, rule));
    }

    [Fact]
    public void A_running_quarter_averages_the_months_begun_and_a_quarter_not_begun_has_no_figure()
    {
        var rule = EffectiveAgentRule.Default;
        // 15 August: July (3) and August so far (2): (3 + 2) ÷ 2 = 2.5.
        Assert.Equal(2.5m, Quarter(rule, At("2026-08-15T10:00:00+08:00")));
        // 1 July at 00:00 local: July alone.
        Assert.Equal(3m, Quarter(rule, At("2026-07-01T00:00:00+08:00")));
        // 30 June 23:59 local: the quarter has not begun.
        Assert.Null(Quarter(rule, At("2026-06-30T23:59:00+08:00")));
    }

    [Fact]
    public void Months_counted_are_the_months_of_the_period_up_to_the_current_one()
    {
        var year = new PeriodKey(PeriodKind.Year, Date("2026-01-01"));
        Assert.Equal(12, EffectiveHeadcount.MonthsCounted(year, Date("2027-02-01")).Count);
        Assert.Equal([new PeriodKey(PeriodKind.Month, Date("2026-01-01")), new PeriodKey(PeriodKind.Month, Date("2026-02-01")), new PeriodKey(PeriodKind.Month, Date("2026-03-01"))],
            EffectiveHeadcount.MonthsCounted(year, Date("2026-03-31")));
        Assert.Equal([July], EffectiveHeadcount.MonthsCounted(July, Date("2026-07-20")));
        Assert.Empty(EffectiveHeadcount.MonthsCounted(September, Date("2026-08-31")));
        Assert.Empty(EffectiveHeadcount.MonthsCounted(new PeriodKey(PeriodKind.Week, Date("2026-07-06")), Date("2026-07-08")));
        Assert.Empty(EffectiveHeadcount.MonthsCounted(new PeriodKey(PeriodKind.Day, Date("2026-07-08")), Date("2026-07-08")));
        Assert.Null(EffectiveHeadcount.Average([]));
    }

    [Fact]
    public void Effective_rate_divides_by_the_average_headcount_and_is_null_without_a_figure_or_a_headcount()
    {
        var kpis = new PeriodKpis(new Headcount(5, 4, 4.5m), 3, null, null, null, null, null, null);
        Assert.Equal((8m / 3m) / 4.5m, kpis.WithEffective(8m / 3m).EffectiveRate);
        Assert.Null(kpis.WithEffective(null).EffectiveRate);
        Assert.Null(kpis.WithEffective(null).EffectiveHeadcount);
        var empty = new PeriodKpis(new Headcount(0, 0, 0m), 0, null, null, null, null, null, null);
        Assert.Equal(1m, empty.WithEffective(1m).EffectiveHeadcount);
        Assert.Null(empty.WithEffective(1m).EffectiveRate);
    }
}
