using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class KpiCalculatorTests
{
    private static readonly BranchClock Shanghai = BranchClock.For("Asia/Shanghai");
    private static readonly PeriodKey November = new(PeriodKind.Month, Date("2026-11-01"));
    private static readonly DateTimeOffset NovemberStart = At("2026-11-01T00:00:00+08:00");
    private static readonly DateTimeOffset NovemberEnd = At("2026-12-01T00:00:00+08:00");
    private static readonly IReadOnlyCollection<string> TeamT1 = ["T1"];

    private static MembershipHistory Joined(string team, string at) => new([new MembershipChange(At(at), team, true)]);

    /// <summary>
    /// Team T1 in November 2026, five agents:
    ///   A1 member all month:          3 policies, FYP 30 000, 90 calls
    ///   A2 member all month:          2 policies, FYP 20 000, 60 calls
    ///   A3 member all month:          one policy sold and cancelled in the month → 0 policies, FYP 0; 85 calls
    ///   A4 leaves on 15 Nov (leaver): 1 policy, FYP 8 000 (before leaving), 40 calls
    ///   A5 joins on 10 Nov (joiner):  0 policies, FYP 0, 20 calls
    /// </summary>
    private static KpiAgent[] FiveAgentTeam() =>
    [
        new("A1", Joined("T1", "2026-01-05T00:00:00+08:00"), Values((Metric.Policies, 3), (Metric.Fyp, 30_000), (Metric.Calls, 90))),
        new("A2", Joined("T1", "2026-02-01T00:00:00+08:00"), Values((Metric.Policies, 2), (Metric.Fyp, 20_000), (Metric.Calls, 60))),
        new("A3", Joined("T1", "2026-03-01T00:00:00+08:00"), Values((Metric.Calls, 85))),
        new("A4", new MembershipHistory(
            [
                new MembershipChange(At("2026-04-01T00:00:00+08:00"), "T1", true),
                new MembershipChange(At("2026-11-15T00:00:00+08:00"), "T1", false),
            ]), Values((Metric.Policies, 1), (Metric.Fyp, 8_000), (Metric.Calls, 40))),
        new("A5", Joined("T1", "2026-11-10T00:00:00+08:00"), Values((Metric.Calls, 20))),
    ];

    /// <summary>Branch standards: FYP 10 000 and 80 calls a month; attainment over each agent's month values.</summary>
    private static Func<string, IReadOnlyDictionary<Metric, decimal?>> BranchStandards(IEnumerable<KpiAgent> agents)
    {
        var book = new TargetBook(
        [
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Fyp, PeriodKind.Month, 10_000),
            new TargetSetting(TargetScope.Branch, "SZ01", Metric.Calls, PeriodKind.Month, 80),
        ]);
        var values = agents.ToDictionary(a => a.AgentId, a => a.Credited);
        return agentId => Attainment.ForAll(book.ResolveAll(TargetOwner.Agent(agentId, "T1", "SZ01"), November), values[agentId]);
    }

    [Fact]
    public void KPIs_of_a_five_agent_team_with_a_joiner_and_a_leaver_over_a_finished_month()
    {
        var agents = FiveAgentTeam();

        var kpis = KpiCalculator.Compute(NovemberStart, NovemberEnd, asOf: At("2026-12-03T10:00:00+08:00"), TeamT1, agents, BranchStandards(agents));

        // Headcount start (1 Nov 00:00): A1, A2, A3, A4 = 4 (A5 not joined yet).
        // Headcount end (last instant of 30 Nov): A1, A2, A3, A5 = 4 (A4 left on the 15th). Average (4 + 4) ÷ 2 = 4.
        Assert.Equal(new Headcount(4, 4, 4m), kpis.Headcount);
        // Active: net policies > 0 → A1, A2 and A4 (the leaver produced before leaving) = 3; A3 nets to 0.
        Assert.Equal(3, kpis.ActiveAgents);
        // FYP = 30 000 + 20 000 + 0 + 8 000 + 0 = 58 000; policies = 3 + 2 + 0 + 1 + 0 = 6.
        Assert.Equal(0.75m, kpis.ActivityRate);                 // 3 ÷ 4
        Assert.Equal(14_500m, kpis.PerCapitaFyp);               // 58 000 ÷ 4
        Assert.Equal(19_333.333333m, Round6(kpis.Productivity));          // 58 000 ÷ 3 = 19 333.33…
        Assert.Equal(9_666.666667m, Round6(kpis.AveragePremiumPerCase)); // 58 000 ÷ 6 = 9 666.66…
        Assert.Equal(1.5m, kpis.CasesPerCapita);                // 6 ÷ 4
        // Standard: FYP ≥ 10 000 and calls ≥ 80, for the end headcount A1, A2, A3, A5:
        //   A1: 30 000/10 000 = 3,  90/80 = 1.125 → meets
        //   A2: 2, 60/80 = 0.75 → no;  A3: 0, 85/80 → no;  A5: 0, 20/80 → no;  A4 is not in the end headcount.
        Assert.Equal(0.25m, kpis.ShareMeetingStandard);         // 1 ÷ 4
    }

    [Fact]
    public void Headcount_end_of_a_running_month_is_taken_at_now()
    {
        var agents = FiveAgentTeam();

        // 12 Nov: A5 has joined (10th) and A4 has not left yet (15th): all five are members.
        var kpis = KpiCalculator.Compute(NovemberStart, NovemberEnd, asOf: At("2026-11-12T10:00:00+08:00"), TeamT1, agents, BranchStandards(agents));

        Assert.Equal(new Headcount(4, 5, 4.5m), kpis.Headcount); // (4 + 5) ÷ 2
        Assert.Equal(0.666667m, Round6(kpis.ActivityRate));     // 3 ÷ 4.5 = 2/3
        Assert.Equal(12_888.888889m, Round6(kpis.PerCapitaFyp)); // 58 000 ÷ 4.5
        Assert.Equal(1.333333m, Round6(kpis.CasesPerCapita));    // 6 ÷ 4.5
        // End headcount now includes A4 (8 000/10 000 = 0.8, 40/80 = 0.5 → no): still 1 meeting, of 5.
        Assert.Equal(0.2m, kpis.ShareMeetingStandard);
    }

    [Fact]
    public void The_period_key_overload_takes_bounds_from_the_branch_clock()
    {
        var agents = FiveAgentTeam();
        var byKey = KpiCalculator.Compute(Shanghai, November, At("2026-12-03T10:00:00+08:00"), TeamT1, agents, BranchStandards(agents));
        var byInstants = KpiCalculator.Compute(NovemberStart, NovemberEnd, At("2026-12-03T10:00:00+08:00"), TeamT1, agents, BranchStandards(agents));
        Assert.Equal(byInstants, byKey);
    }

    [Fact]
    public void Joining_exactly_at_the_start_counts_at_the_start_and_leaving_exactly_at_the_end_still_counts_at_the_end()
    {
        KpiAgent[] agents =
        [
            new("J", Joined("T1", "2026-11-01T00:00:00+08:00"), new MetricValues()),
            new("L", new MembershipHistory(
                [
                    new MembershipChange(At("2026-01-01T00:00:00+08:00"), "T1", true),
                    new MembershipChange(At("2026-12-01T00:00:00+08:00"), "T1", false), // effective when December starts
                ]), new MetricValues()),
        ];

        var kpis = KpiCalculator.Compute(NovemberStart, NovemberEnd, At("2027-01-01T00:00:00+08:00"), TeamT1, agents, _ => new Dictionary<Metric, decimal?>());

        Assert.Equal(new Headcount(2, 2, 2m), kpis.Headcount);
    }

    [Fact]
    public void A_move_inside_the_branch_changes_team_headcounts_but_not_the_branchs()
    {
        var mover = new MembershipHistory(
        [
            new MembershipChange(At("2026-01-01T00:00:00+08:00"), "T1", true),
            new MembershipChange(At("2026-11-16T00:00:00+08:00"), "T2", true),
        ]);
        var asOf = At("2026-12-02T00:00:00+08:00");
        static IReadOnlyDictionary<Metric, decimal?> NoTargets(string _) => new Dictionary<Metric, decimal?>();

        // Credited per unit: 1 policy of 5 000 to T1 before the move, 2 policies of 9 000 in all to T2 after it.
        var t1 = KpiCalculator.Compute(NovemberStart, NovemberEnd, asOf, TeamT1, [new KpiAgent("M", mover, Values((Metric.Policies, 1), (Metric.Fyp, 5_000)))], NoTargets);
        var t2 = KpiCalculator.Compute(NovemberStart, NovemberEnd, asOf, ["T2"], [new KpiAgent("M", mover, Values((Metric.Policies, 2), (Metric.Fyp, 9_000)))], NoTargets);
        var branch = KpiCalculator.Compute(NovemberStart, NovemberEnd, asOf, ["T1", "T2"], [new KpiAgent("M", mover, Values((Metric.Policies, 3), (Metric.Fyp, 14_000)))], NoTargets);

        Assert.Equal(new Headcount(1, 0, 0.5m), t1.Headcount);
        Assert.Equal(1, t1.ActiveAgents);               // produced in T1 before moving away
        Assert.Equal(2m, t1.ActivityRate);              // 1 ÷ 0.5
        Assert.Equal(10_000m, t1.PerCapitaFyp);         // 5 000 ÷ 0.5
        Assert.Null(t1.ShareMeetingStandard);           // no targets, and end headcount 0
        Assert.Equal(new Headcount(0, 1, 0.5m), t2.Headcount);
        Assert.Equal(4_500m, t2.AveragePremiumPerCase); // 9 000 ÷ 2
        Assert.Equal(new Headcount(1, 1, 1m), branch.Headcount);
        Assert.Equal(14_000m, branch.Productivity);     // 14 000 ÷ 1
    }

    [Fact]
    public void An_empty_team_has_null_ratios_not_NaN()
    {
        var kpis = KpiCalculator.Compute(NovemberStart, NovemberEnd, NovemberEnd, TeamT1, [], _ => new Dictionary<Metric, decimal?>());

        Assert.Equal(new PeriodKpis(new Headcount(0, 0, 0m), 0, null, null, null, null, null, null), kpis);
    }

    [Fact]
    public void Zero_policies_give_null_premium_per_case_and_zero_active_gives_null_productivity()
    {
        // A first-year renewal instalment brings FYP without a policy.
        KpiAgent[] agents = [new("A1", Joined("T1", "2026-01-01T00:00:00+08:00"), Values((Metric.Fyp, 3_500), (Metric.RenewalCollected, 3_500)))];

        var kpis = KpiCalculator.Compute(NovemberStart, NovemberEnd, NovemberEnd, TeamT1, agents, _ => new Dictionary<Metric, decimal?>());

        Assert.Equal(0, kpis.ActiveAgents);
        Assert.Equal(0m, kpis.ActivityRate);         // 0 ÷ 1
        Assert.Equal(3_500m, kpis.PerCapitaFyp);     // 3 500 ÷ 1
        Assert.Null(kpis.Productivity);              // ÷ 0 active agents
        Assert.Null(kpis.AveragePremiumPerCase);     // ÷ 0 policies
        Assert.Equal(0m, kpis.CasesPerCapita);
        Assert.Null(kpis.ShareMeetingStandard);      // no metric has a target
    }

    [Fact]
    public void Agents_without_targets_do_not_meet_a_standard_and_zero_targets_are_ignored()
    {
        KpiAgent[] agents =
        [
            new("A1", Joined("T1", "2026-01-01T00:00:00+08:00"), new MetricValues()),
            new("A2", Joined("T1", "2026-01-01T00:00:00+08:00"), new MetricValues()),
            new("A3", Joined("T1", "2026-01-01T00:00:00+08:00"), new MetricValues()),
        ];
        var attainments = new Dictionary<string, IReadOnlyDictionary<Metric, decimal?>>
        {
            ["A1"] = new Dictionary<Metric, decimal?> { [Metric.Visits] = 1.0m, [Metric.Calls] = null }, // calls target 0: ignored → meets
            ["A2"] = new Dictionary<Metric, decimal?> { [Metric.Visits] = 0.99m },                       // short by 1% → no
            ["A3"] = new Dictionary<Metric, decimal?>(),                                                  // no standard → not counted as meeting
        };

        var kpis = KpiCalculator.Compute(NovemberStart, NovemberEnd, NovemberEnd, TeamT1, agents, id => attainments[id]);

        Assert.Equal(0.333333m, Round6(kpis.ShareMeetingStandard)); // 1 ÷ 3
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_is_refused() =>
        Assert.Throws<ArgumentException>(() =>
            KpiCalculator.Compute(NovemberEnd, NovemberStart, NovemberEnd, TeamT1, [], _ => new Dictionary<Metric, decimal?>()));

    private static decimal? Round6(decimal? value) => value is { } v ? decimal.Round(v, 6) : null;
}
