using Tracking.Domain.Campaigns;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class CampaignTallyTests
{
    private static readonly CampaignWindow Window = new(At("2026-12-01T00:00:00+08:00"), At("2026-12-13T00:00:00+08:00"), TimeSpan.FromMinutes(10));

    private static CampaignRegistration Fyp(string id = "C1", CampaignParticipants? who = null) =>
        new(id, Metric.Fyp, Window, who ?? new CampaignParticipants(["SZ01"], [], []));

    private static readonly DateTimeOffset During = At("2026-12-05T12:00:00+08:00");

    private static (CampaignTallies Tallies, HashSet<string> Changed) Run(IEnumerable<CampaignRegistration> campaigns, params (ActivityEvent Event, string Team, string RecordedAt)[] events)
    {
        var tallies = new CampaignTallies();
        var changed = new HashSet<string>();
        long arrival = 0;
        var list = campaigns.ToArray();
        foreach (var (e, team, recordedAt) in events) tallies.Apply(list, e, team, "SZ01", ++arrival, At(recordedAt), changed);
        return (tallies, changed);
    }

    [Fact]
    public void Only_what_occurred_inside_the_window_counts_at_the_edges_to_the_millisecond()
    {
        var (tallies, _) = Run([Fyp()],
            (Policy("e1", "2026-11-30T23:59:59.999+08:00", "P1", 1000m), "T1", "2026-12-01T08:00:00+08:00"),  // before the start
            (Policy("e2", "2026-12-01T00:00:00+08:00", "P2", 2000m), "T1", "2026-12-01T08:00:00+08:00"),      // at the start: counts
            (Policy("e3", "2026-12-12T23:59:59.999+08:00", "P3", 4000m), "T1", "2026-12-12T23:59:59.999+08:00"), // 1 ms before the end: counts
            (Policy("e4", "2026-12-13T00:00:00+08:00", "P4", 8000m), "T1", "2026-12-13T00:00:00+08:00"));     // at the end: does not

        var credit = Assert.Single(tallies.Find("C1")!.Credits);
        Assert.Equal(2000m + 4000m, credit.Value);
        Assert.Equal(new ValueMark(At("2026-12-12T23:59:59.999+08:00"), 3), credit.Reached);
    }

    [Fact]
    public void A_late_report_counts_within_the_grace_and_nothing_counts_from_the_freeze_on()
    {
        var (tallies, changed) = Run([Fyp()],
            (Policy("e1", "2026-12-12T23:50:00+08:00", "P1", 1000m), "T1", "2026-12-13T00:09:59.999+08:00"), // late, within grace
            (Policy("e2", "2026-12-12T23:55:00+08:00", "P2", 3000m), "T1", "2026-12-13T00:10:00+08:00"),     // late, at the freeze
            (Cancellation("e3", "2026-12-13T00:11:00+08:00", "P1"), "T1", "2026-12-13T00:11:00+08:00"));     // a cancellation after it

        Assert.Equal(1000m, Assert.Single(tallies.Find("C1")!.Credits).Value);
        Assert.Equal(["C1"], changed);
    }

    [Fact]
    public void A_cancellation_takes_the_sales_points_back_from_the_credit_the_sale_went_to()
    {
        // Sold 12,000 for team T1, moved to T2, sold 5,000 there; then the first policy is cancelled after the window.
        var (tallies, _) = Run([Fyp()],
            (Policy("e1", "2026-12-02T10:00:00+08:00", "P1", 12000m), "T1", "2026-12-02T10:00:00+08:00"),
            (Policy("e2", "2026-12-08T10:00:00+08:00", "P2", 5000m), "T2", "2026-12-08T10:00:00+08:00"),
            (Cancellation("e3", "2026-12-13T00:05:00+08:00", "P1"), "T2", "2026-12-13T00:05:00+08:00"));

        var credits = tallies.Find("C1")!.Credits.ToDictionary(c => c.TeamId);
        Assert.Equal(0m, credits["T1"].Value);
        Assert.Equal(5000m, credits["T2"].Value);
        Assert.DoesNotContain(tallies.Find("C1")!.CountedPolicies, p => p.PolicyId == "P1");
    }

    [Fact]
    public void A_policy_sold_before_the_window_and_cancelled_inside_it_takes_nothing_away()
    {
        var (tallies, _) = Run([Fyp()],
            (Policy("e1", "2026-11-28T10:00:00+08:00", "P1", 9000m), "T1", "2026-11-28T10:00:00+08:00"),
            (Policy("e2", "2026-12-03T10:00:00+08:00", "P2", 1000m), "T1", "2026-12-03T10:00:00+08:00"),
            (Cancellation("e3", "2026-12-04T10:00:00+08:00", "P1"), "T1", "2026-12-04T10:00:00+08:00"));

        Assert.Equal(1000m, Assert.Single(tallies.Find("C1")!.Credits).Value);
    }

    [Fact]
    public void The_campaigns_metric_decides_what_an_event_is_worth_and_a_cancellation_takes_back_one_case()
    {
        var policies = new CampaignRegistration("C2", Metric.Policies, Window, new CampaignParticipants(["SZ01"], [], []));
        var (tallies, _) = Run([Fyp(), policies],
            (Call("e1", "2026-12-02T09:00:00+08:00"), "T1", "2026-12-02T09:00:00+08:00"),
            (Policy("e2", "2026-12-02T10:00:00+08:00", "P1", 12000m), "T1", "2026-12-02T10:00:00+08:00"),
            (Policy("e3", "2026-12-02T11:00:00+08:00", "P2", 3000m), "T1", "2026-12-02T11:00:00+08:00"),
            (Renewal("e4", "2026-12-02T12:00:00+08:00", "R1", 500m, policyYear: 1), "T1", "2026-12-02T12:00:00+08:00"),
            (Cancellation("e5", "2026-12-03T10:00:00+08:00", "P1"), "T1", "2026-12-03T10:00:00+08:00"));

        Assert.Equal(12000m + 3000m + 500m - 12000m, Assert.Single(tallies.Find("C1")!.Credits).Value);
        Assert.Equal(2m - 1m, Assert.Single(tallies.Find("C2")!.Credits).Value);
    }

    [Fact]
    public void Only_participants_events_count_judged_by_the_team_at_the_time_of_the_event()
    {
        var teamOnly = Fyp(who: new CampaignParticipants([], ["T1"], []));
        var (tallies, changed) = Run([teamOnly],
            (Policy("e1", "2026-12-02T10:00:00+08:00", "P1", 100m), "T1", "2026-12-02T10:00:00+08:00"),
            (Policy("e2", "2026-12-03T10:00:00+08:00", "P2", 200m), "T2", "2026-12-03T10:00:00+08:00"));

        var credit = Assert.Single(tallies.Find("C1")!.Credits);
        Assert.Equal(("T1", 100m), (credit.TeamId, credit.Value));
        Assert.Single(changed);
    }

    [Fact]
    public void One_event_counts_in_every_running_campaign_it_belongs_to()
    {
        var (tallies, changed) = Run([Fyp("C1"), Fyp("C2", new CampaignParticipants([], [], ["A1"])), Fyp("C3", new CampaignParticipants([], [], ["A9"]))],
            (Policy("e1", "2026-12-02T10:00:00+08:00", "P1", 700m), "T1", "2026-12-02T10:00:00+08:00"));

        Assert.Equal(["C1", "C2"], changed.Order());
        Assert.Equal(700m, tallies.Find("C2")!.Credits.Single().Value);
        Assert.Null(tallies.Find("C3"));
    }

    [Fact]
    public void Tallies_of_campaigns_frozen_long_ago_are_dropped()
    {
        var (tallies, _) = Run([Fyp()], (Policy("e1", "2026-12-02T10:00:00+08:00", "P1", 700m), "T1", "2026-12-02T10:00:00+08:00"));
        tallies.Prune(Window.FreezesAt);
        Assert.NotNull(tallies.Find("C1"));
        tallies.Prune(Window.FreezesAt.AddTicks(1));
        Assert.Null(tallies.Find("C1"));
    }
}
