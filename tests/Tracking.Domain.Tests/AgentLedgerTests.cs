using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class AgentLedgerTests
{
    private static readonly BranchClock Shanghai = BranchClock.For("Asia/Shanghai");

    private static PeriodKey Month(string first) => new(PeriodKind.Month, Date(first));

    private static bool Apply(AgentLedger ledger, ActivityEvent e, string team, long arrival) =>
        ledger.Apply(e, Shanghai.LocalDate(e.OccurredAt), team, arrival);

    [Fact]
    public void A_cancellation_whose_sale_never_reached_the_ledger_changes_nothing()
    {
        // The batch [sale, cancel] passed the check, but the log refused the sale (its event id was already
        // stored for another agent): the cancellation is stored and must be a no-op here and on replay.
        var ledger = new AgentLedger();
        var cancel = Cancellation("e2", "2026-11-03T09:00:00+08:00", "P-1");

        Assert.False(Apply(ledger, cancel, "T1", 1));
        Assert.True(ledger.Totals(Month("2026-11-01")).Values.IsZero);
        Assert.Empty(ledger.Buckets);
    }

    [Fact]
    public void A_cancellation_in_the_next_month_lowers_the_next_months_FYP_and_policies_not_the_original_months()
    {
        var ledger = new AgentLedger();
        var sale = Policy("e1", "2026-10-28T11:00:00+08:00", "P-889", 12_000m);
        var cancel = Cancellation("e2", "2026-11-03T09:00:00+08:00", "P-889");
        Assert.Empty(ledger.CheckPolicies([sale, cancel]));

        Apply(ledger, sale, "T1", 1);
        Apply(ledger, cancel, "T1", 2);

        var october = ledger.Totals(Month("2026-10-01")).Values;
        var november = ledger.Totals(Month("2026-11-01")).Values;
        // October keeps the sale: 1 case, 12 000.
        Assert.Equal(1m, october[Metric.Policies]);
        Assert.Equal(12_000m, october[Metric.Fyp]);
        // November takes it back: −1 case, −12 000.
        Assert.Equal(-1m, november[Metric.Policies]);
        Assert.Equal(-12_000m, november[Metric.Fyp]);
        Assert.True(ledger.Policies["P-889"].Cancelled);
    }

    [Fact]
    public void An_event_late_at_night_lands_on_its_local_day_and_week()
    {
        var ledger = new AgentLedger();
        // Sunday 29 Nov 23:30 in Shanghai, written in UTC.
        Apply(ledger, Call("e1", "2026-11-29T15:30:00Z"), "T1", 1);

        Assert.Equal(1m, ledger.Totals(new PeriodKey(PeriodKind.Day, Date("2026-11-29"))).Values[Metric.Calls]);
        Assert.Equal(1m, ledger.Totals(new PeriodKey(PeriodKind.Week, Date("2026-11-23"))).Values[Metric.Calls]);
        Assert.Equal(0m, ledger.Totals(new PeriodKey(PeriodKind.Week, Date("2026-11-30"))).Values[Metric.Calls]);
    }

    [Fact]
    public void A_team_move_in_mid_month_credits_days_before_it_to_the_old_team_and_after_it_to_the_new_one()
    {
        var membership = new MembershipHistory(
        [
            new MembershipChange(At("2026-01-01T00:00:00+08:00"), "T1", true),
            new MembershipChange(At("2026-11-16T00:00:00+08:00"), "T2", true), // moves on Monday 16 Nov
        ]);
        var ledger = new AgentLedger();
        ActivityEvent[] events =
        [
            Policy("e1", "2026-11-05T10:00:00+08:00", "P-1", 5_000m),
            Call("e2", "2026-11-15T23:59:00+08:00"),                  // last minute before the move → T1
            Call("e3", "2026-11-16T00:00:00+08:00"),                  // the move's instant → T2
            Policy("e4", "2026-11-20T10:00:00+08:00", "P-2", 7_000m),
            Cancellation("e5", "2026-11-25T10:00:00+08:00", "P-1"),   // cancels a T1 sale after the move → T2's period
        ];
        var arrival = 0L;
        foreach (var e in events) Apply(ledger, e, membership.TeamAt(e.OccurredAt)!, ++arrival);

        var november = Month("2026-11-01");
        var t1 = ledger.Totals(november, "T1").Values;
        var t2 = ledger.Totals(november, "T2").Values;
        var all = ledger.Totals(november).Values;

        // T1: the 5 000 sale and one call.
        Assert.Equal(Values((Metric.Policies, 1), (Metric.Fyp, 5_000), (Metric.Calls, 1)), t1);
        // T2: one call, the 7 000 sale, and the cancellation of P-1 (−1 case, −5 000): 0 cases, 2 000.
        Assert.Equal(Values((Metric.Policies, 0), (Metric.Fyp, 2_000), (Metric.Calls, 1)), t2);
        // Over both teams: 1 case, 7 000, 2 calls.
        Assert.Equal(Values((Metric.Policies, 1), (Metric.Fyp, 7_000), (Metric.Calls, 2)), all);
        Assert.Equal(["T1", "T2"], ledger.TotalsByTeam(november).Select(t => t.TeamId).Order());
        // The week of the move (Mon 16 Nov) is all T2.
        Assert.Equal(["T2"], ledger.TotalsByTeam(new PeriodKey(PeriodKind.Week, Date("2026-11-16"))).Select(t => t.TeamId));
        // In one pass, the same per team: what the agent reports.
        var byTeam = ledger.TotalsByTeam(november);
        Assert.Equal(t1, byTeam.Single(t => t.TeamId == "T1").Totals.Values);
        Assert.Equal(t2, byTeam.Single(t => t.TeamId == "T2").Totals.Values);
        var week = new PeriodKey(PeriodKind.Week, Date("2026-11-16"));
        Assert.Equal([("T2", ledger.Totals(week, "T2").Values)], ledger.TotalsByTeam(week).Select(t => (t.TeamId, t.Totals.Values)));
    }

    [Fact]
    public void CheckPolicies_reports_a_double_sale_and_bad_cancellations_without_changing_the_ledger()
    {
        var ledger = new AgentLedger();
        Apply(ledger, Policy("e1", "2026-11-02T10:00:00+08:00", "P-1", 1_000m), "T1", 1);

        var errors = ledger.CheckPolicies(
        [
            Policy("e2", "2026-11-03T10:00:00+08:00", "P-1", 2_000m), // 0: sold already
            Cancellation("e3", "2026-11-03T11:00:00+08:00", "P-9"),   // 1: unknown policy
            Policy("e4", "2026-11-03T12:00:00+08:00", "P-2", 3_000m), // 2: fine
            Cancellation("e5", "2026-11-03T13:00:00+08:00", "P-2"),   // 3: fine (sold earlier in the batch)
            Cancellation("e6", "2026-11-03T14:00:00+08:00", "P-2"),   // 4: already cancelled in the batch
        ]);

        Assert.Equal([0, 1, 4], errors.Select(e => e.Index));
        Assert.Single(ledger.Policies);
    }

    [Fact]
    public void A_retried_policy_event_is_recognised_as_applied_not_as_a_double_sale()
    {
        var ledger = new AgentLedger();
        var sale = Policy("e1", "2026-11-02T10:00:00+08:00", "P-1", 1_000m);
        Apply(ledger, sale, "T1", 1);

        Assert.True(ledger.IsApplied(sale));
        Assert.Empty(ledger.CheckPolicies([sale]));
    }

    [Fact]
    public void Totals_remember_when_each_value_was_reached()
    {
        var ledger = new AgentLedger();
        Apply(ledger, Call("e1", "2026-11-02T10:00:00+08:00"), "T1", 5);
        Apply(ledger, Call("e2", "2026-11-02T09:00:00+08:00"), "T1", 6); // a late event that occurred earlier

        var day = ledger.Totals(new PeriodKey(PeriodKind.Day, Date("2026-11-02")));

        // The value 2 was reached by the later of the two occurrences (10:00), whatever the arrival order.
        Assert.Equal(new ValueMark(At("2026-11-02T10:00:00+08:00"), 5), day.ReachedAt(Metric.Calls));
    }

    [Fact]
    public void Restore_rebuilds_the_same_totals_and_Prune_drops_old_days()
    {
        var ledger = new AgentLedger();
        Apply(ledger, Policy("e1", "2026-11-02T10:00:00+08:00", "P-1", 1_000m), "T1", 1);
        Apply(ledger, Call("e2", "2025-01-02T10:00:00+08:00"), "T1", 2);

        var copy = new AgentLedger();
        copy.Restore(ledger.Buckets, ledger.Policies.Values);
        Assert.Equal(ledger.Totals(Month("2026-11-01")).Values, copy.Totals(Month("2026-11-01")).Values);
        Assert.True(copy.Policies.ContainsKey("P-1"));

        // 2023-01-02 is older than the default 800 days and the year before them, behind 2026-11-02.
        Apply(copy, Call("e3", "2023-01-02T10:00:00+08:00"), "T1", 3);
        copy.Prune(Date("2026-11-02"));
        Assert.Equal(0m, copy.Totals(Month("2023-01-01")).Values[Metric.Calls]);
        Assert.Equal(1m, copy.Totals(Month("2025-01-01")).Values[Metric.Calls]);
        Assert.Equal(1m, copy.Totals(Month("2026-11-01")).Values[Metric.Policies]);
    }

    [Fact]
    public void The_default_retention_keeps_800_days_and_the_year_that_holds_the_oldest_of_them()
    {
        // 800 days, 2 days of margin for local dates either side of UTC, and the 365 days before the oldest day
        // that a leap year holding it may start on.
        Assert.Equal(800 + 2 + 365, new AgentLedger().RetentionDays);
        Assert.Equal(AgentLedger.RetentionFor(AgentLedger.DefaultMaxAgeDays), new AgentLedger().RetentionDays);
        Assert.Equal(30 + 2 + 365, AgentLedger.RetentionFor(30));
    }

    [Fact]
    public void An_event_at_the_age_limit_still_counts_in_its_whole_month_after_newer_days_prune()
    {
        // Today 2026-12-03; 800 days before is 2024-09-24. The month holding it starts on 2024-09-01 and must be whole.
        var ledger = new AgentLedger();
        Apply(ledger, Call("e1", "2024-09-01T09:00:00+08:00"), "T1", 1);
        Apply(ledger, Call("e2", "2024-09-24T09:00:00+08:00"), "T1", 2);
        Apply(ledger, Call("e3", "2026-12-03T09:00:00+08:00"), "T1", 3);

        ledger.Prune(Date("2026-12-03"));

        Assert.Equal(2m, ledger.Totals(Month("2024-09-01")).Values[Metric.Calls]);
        Assert.Equal(1m, ledger.Totals(Month("2026-12-01")).Values[Metric.Calls]);
    }

    [Fact]
    public void Days_older_than_the_retention_are_dropped_and_the_last_kept_day_stays()
    {
        var ledger = new AgentLedger(AgentLedger.RetentionFor(30)); // 397 days
        var newest = Date("2026-12-03");
        var lastKept = newest.AddDays(-397);   // 2025-11-01
        var firstDropped = lastKept.AddDays(-1);
        Apply(ledger, Call("e1", $"{firstDropped:yyyy-MM-dd}T12:00:00+08:00"), "T1", 1);
        Apply(ledger, Call("e2", $"{lastKept:yyyy-MM-dd}T12:00:00+08:00"), "T1", 2);

        ledger.Prune(newest);

        Assert.Equal([lastKept], ledger.Buckets.Select(b => b.Day));
    }

    [Fact]
    public void A_retention_below_one_day_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentLedger(0));

    [Fact]
    public void Quarter_and_year_totals_sum_their_days_whether_the_ledger_is_sparse_or_dense()
    {
        var sparse = new AgentLedger();
        Apply(sparse, Call("e1", "2026-12-31T23:30:00+08:00"), "T1", 1); // last year's, in Shanghai
        Apply(sparse, Call("e2", "2027-01-01T00:30:00+08:00"), "T2", 2);
        Apply(sparse, Call("e3", "2026-10-01T00:00:00+08:00"), "T1", 3);
        Apply(sparse, Call("e4", "2026-09-30T23:59:00+08:00"), "T1", 4);

        var q4 = new PeriodKey(PeriodKind.Quarter, Date("2026-10-01"));
        var y2026 = new PeriodKey(PeriodKind.Year, Date("2026-01-01"));
        Assert.Equal(2m, sparse.Totals(q4).Values[Metric.Calls]);
        Assert.Equal(3m, sparse.Totals(y2026).Values[Metric.Calls]);
        Assert.Equal(["T1"], sparse.TotalsByTeam(y2026).Select(t => t.TeamId));
        Assert.Equal(1m, sparse.Totals(new PeriodKey(PeriodKind.Year, Date("2027-01-01")), "T2").Values[Metric.Calls]);

        // A ledger with more days held than the year has: the day-by-day path gives the same sums.
        var dense = new AgentLedger();
        dense.Restore(sparse.Buckets, []);
        for (var d = Date("2025-01-01"); d < Date("2026-06-01"); d = d.AddDays(1)) Apply(dense, Call($"f{d.DayNumber}", $"{d:yyyy-MM-dd}T12:00:00+08:00"), "T3", 9);
        Assert.Equal(2m, dense.Totals(q4).Values[Metric.Calls]);
        Assert.Equal(3m + 151m, dense.Totals(y2026).Values[Metric.Calls]);
    }

    [Fact]
    public void Months_quarters_and_years_equal_the_sum_of_their_days_after_moves_cancellations_prune_and_restore()
    {
        var ledger = new AgentLedger(AgentLedger.RetentionFor(30)); // 397 days: prunes inside the data below
        var random = new Random(14);
        var day = Date("2025-01-01");
        for (var i = 0; i < 600; i++, day = day.AddDays(random.Next(0, 3)))
        {
            var team = i < 300 ? "T1" : "T2";
            var at = $"{day:yyyy-MM-dd}T{random.Next(0, 24):00}:30:00+08:00";
            Apply(ledger, i % 7 == 0 ? Policy($"p{i}", at, $"P-{i}", 1000m + i) : Call($"c{i}", at), team, i);
            if (i % 21 == 14) Apply(ledger, Cancellation($"x{i}", at, $"P-{i - 14}"), team, i);
            ledger.Prune(day);
        }
        Assert.True(ledger.Buckets.Min(b => b.Day) > Date("2025-03-01"), "the first months were pruned");
        var copy = new AgentLedger(ledger.RetentionDays);
        copy.Restore(ledger.Buckets, ledger.Policies.Values);

        foreach (var kind in new[] { PeriodKind.Month, PeriodKind.Quarter, PeriodKind.Year })
        {
            for (var d = Date("2025-01-01"); d <= day; d = d.AddMonths(1))
            {
                var period = PeriodKey.Containing(kind, d);
                foreach (var team in new string?[] { null, "T1", "T2" })
                {
                    var byDays = new PeriodTotals();
                    foreach (var bucket in ledger.Buckets.Where(b => period.Contains(b.Day) && (team is null || b.TeamId == team)))
                        byDays.Add(bucket.Totals);
                    Assert.Equal(byDays.Values, ledger.Totals(period, team).Values);
                    Assert.Equal(byDays.Reached, ledger.Totals(period, team).Reached);
                    Assert.Equal(byDays.Values, copy.Totals(period, team).Values);
                }
            }
        }
    }
}
