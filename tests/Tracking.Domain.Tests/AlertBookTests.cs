using Tracking.Domain;
using Tracking.Domain.Alerts;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class AlertBookTests
{
    // Shanghai unless a test says otherwise; the book is pure, so the tests say whether it is working time.
    private static readonly BranchClock Shanghai = BranchClock.For("Asia/Shanghai");
    private static readonly string[] Everyone = ["A1", "A2", "A3", "A4"];

    private static AlertCondition Visits(string agent, decimal actual = 2, decimal expected = 3.67m) =>
        new(agent, AlertRule.BehindPace, Metric.Visits, actual, expected);

    private static AlertCondition Proactive(string agent, decimal actual = 0, decimal expected = 2) =>
        new(agent, AlertRule.BehindPace, Metric.ProactiveVisits, actual, expected);

    private static AlertCondition Quiet(string agent, decimal hours = 2) =>
        new(agent, AlertRule.Inactive, null, hours, 2);

    private static IReadOnlyList<Alert> Apply(
        AlertBook book,
        string now,
        IReadOnlyCollection<AlertCondition> conditions,
        IReadOnlyCollection<string>? evaluated = null,
        bool workingTime = true,
        AlertSettings? settings = null,
        BranchClock? clock = null)
    {
        clock ??= Shanghai;
        var at = At(now);
        return book.Apply(conditions, evaluated ?? Everyone, at, clock.LocalDate(at), clock.LocalDate, workingTime, settings ?? AlertSettings.Default);
    }

    [Fact]
    public void A_condition_raises_one_open_alert_which_it_keeps_while_it_holds()
    {
        var book = new AlertBook("T1");

        var raised = Apply(book, "2026-11-17T11:00:00+08:00", [Visits("A1")]);

        var alert = Assert.Single(raised);
        Assert.Equal(
            new Alert("T1.1", "T1", "A1", AlertRule.BehindPace, Metric.Visits, 2, 3.67m, At("2026-11-17T11:00:00+08:00"), AlertStatus.Open),
            alert);
        Assert.Equal(1, book.LastSequence);

        // An hour later it still holds (with other numbers): no second alert, and the first keeps its numbers.
        Assert.Empty(Apply(book, "2026-11-17T12:00:00+08:00", [Visits("A1", 2, 4.33m)]));
        Assert.Equal([alert], book.Unresolved);

        // Acknowledged, it is still unresolved, so still no second alert.
        book.Acknowledge("T1.1", At("2026-11-17T12:10:00+08:00"));
        Assert.Empty(Apply(book, "2026-11-17T14:00:00+08:00", [Visits("A1", 2, 5m)]));
        Assert.Equal(AlertStatus.Acknowledged, Assert.Single(book.Unresolved).Status);
    }

    [Fact]
    public void Each_agent_rule_and_metric_has_its_own_alert()
    {
        var book = new AlertBook("T1");

        var raised = Apply(book, "2026-11-17T11:00:00+08:00", [Visits("A1"), Proactive("A1"), Quiet("A1"), Visits("A2")]);

        Assert.Equal(["T1.1", "T1.2", "T1.3", "T1.4"], raised.Select(a => a.AlertId));
        Assert.Equal(
            [("A1", AlertRule.BehindPace, (Metric?)Metric.Visits), ("A1", AlertRule.BehindPace, Metric.ProactiveVisits),
             ("A1", AlertRule.Inactive, null), ("A2", AlertRule.BehindPace, Metric.Visits)],
            raised.Select(a => (a.AgentId, a.Rule, a.Metric)));
    }

    [Fact]
    public void An_alert_is_resolved_when_its_condition_stops_holding_and_kept_as_history()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T11:00:00+08:00", [Visits("A1"), Quiet("A1")]);

        // 11:20: the agent visited; the visits condition is gone, the agent is no longer quiet either.
        var resolved = Apply(book, "2026-11-17T11:20:00+08:00", []);

        Assert.Equal(["T1.1", "T1.2"], resolved.Select(a => a.AlertId));
        Assert.All(resolved, a => Assert.Equal(AlertStatus.Resolved, a.Status));
        Assert.All(resolved, a => Assert.Equal(At("2026-11-17T11:20:00+08:00"), a.ResolvedAt));
        Assert.Empty(book.Unresolved);
        Assert.Equal(2, book.Alerts.Count);
    }

    [Fact]
    public void An_acknowledged_alert_resolves_like_an_open_one_and_keeps_its_acknowledgement()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T11:00:00+08:00", [Visits("A1")]);
        book.Acknowledge("T1.1", At("2026-11-17T11:05:00+08:00"));

        var resolved = Assert.Single(Apply(book, "2026-11-17T11:30:00+08:00", []));

        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(At("2026-11-17T11:05:00+08:00"), resolved.AcknowledgedAt);
        Assert.Equal(At("2026-11-17T11:30:00+08:00"), resolved.ResolvedAt);
    }

    [Fact]
    public void Only_the_evaluated_agents_alerts_can_be_resolved()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T11:00:00+08:00", [Visits("A1"), Visits("A2")]);

        // A1 alone was evaluated (its own event came in): A2's alert is left alone although no condition names it.
        var resolved = Apply(book, "2026-11-17T11:20:00+08:00", [], evaluated: ["A1"]);

        Assert.Equal("A1", Assert.Single(resolved).AgentId);
        Assert.Equal("A2", Assert.Single(book.Unresolved).AgentId);
    }

    [Fact]
    public void Nothing_is_raised_outside_working_time_but_alerts_still_resolve()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T17:00:00+08:00", [Visits("A1")]);

        // 20:00: A2 is behind (but it is evening), A1 made a late visit and caught up.
        var changed = Apply(book, "2026-11-17T20:00:00+08:00", [Visits("A2")], workingTime: false);

        Assert.Equal(("A1", AlertStatus.Resolved), (Assert.Single(changed).AgentId, changed[0].Status));
        Assert.Empty(book.Unresolved);

        // The next morning the condition still holds and is raised, inside working time.
        Assert.Equal("A2", Assert.Single(Apply(book, "2026-11-18T09:00:00+08:00", [Visits("A2")])).AgentId);
    }

    [Fact]
    public void Raised_alerts_are_returned_before_resolved_ones()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T11:00:00+08:00", [Visits("A1")]);

        // A1 caught up while A2 fell behind: "every alert raised or resolved, in that order".
        var changed = Apply(book, "2026-11-17T12:00:00+08:00", [Visits("A2")]);

        Assert.Equal([("A2", AlertStatus.Open), ("A1", AlertStatus.Resolved)], changed.Select(a => (a.AgentId, a.Status)));
    }

    [Fact]
    public void After_an_acknowledgement_the_same_alert_stays_quiet_for_the_cool_down()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T10:00:00+08:00", [Visits("A1")]);
        book.Acknowledge("T1.1", At("2026-11-17T10:10:00+08:00"));
        Apply(book, "2026-11-17T10:20:00+08:00", []); // caught up: resolved

        // 11:09:59 is 59 min 59 s after the acknowledgement: inside the 60-minute cool-down, not raised again.
        Assert.Empty(Apply(book, "2026-11-17T11:09:59+08:00", [Visits("A1")]));
        // The cool-down is per agent, rule and metric: A1's proactive visits and A2's visits are raised at once.
        Assert.Equal(["T1.2", "T1.3"], Apply(book, "2026-11-17T11:09:59+08:00", [Visits("A1"), Proactive("A1"), Visits("A2")]).Select(a => a.AlertId));
        // 11:10:00 is exactly 60 min after: the cool-down is over.
        var again = Assert.Single(Apply(book, "2026-11-17T11:10:00+08:00", [Visits("A1"), Proactive("A1"), Visits("A2")]));
        Assert.Equal(("T1.4", "A1", (Metric?)Metric.Visits, AlertStatus.Open), (again.AlertId, again.AgentId, again.Metric, again.Status));
    }

    [Fact]
    public void Without_an_acknowledgement_there_is_no_cool_down()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T10:00:00+08:00", [Visits("A1")]);
        Apply(book, "2026-11-17T10:20:00+08:00", []);

        Assert.Equal("T1.2", Assert.Single(Apply(book, "2026-11-17T10:25:00+08:00", [Visits("A1")])).AlertId);
    }

    [Fact]
    public void Acknowledging_again_changes_nothing_not_even_the_cool_down()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T10:00:00+08:00", [Visits("A1")]);

        var first = book.Acknowledge("T1.1", At("2026-11-17T10:10:00+08:00"));
        var second = book.Acknowledge("T1.1", At("2026-11-17T10:50:00+08:00"));

        Assert.Equal(AlertStatus.Acknowledged, first!.Status);
        Assert.Equal(At("2026-11-17T10:10:00+08:00"), first.AcknowledgedAt);
        Assert.Equal(first, second);
        Assert.Equal([first], book.Alerts);

        // The cool-down runs from the first acknowledgement: 11:10 is past it although the second was at 10:50.
        Apply(book, "2026-11-17T10:55:00+08:00", []);
        Assert.Single(Apply(book, "2026-11-17T11:10:00+08:00", [Visits("A1")]));
    }

    [Fact]
    public void Acknowledging_a_resolved_alert_leaves_it_resolved()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T10:00:00+08:00", [Visits("A1")]);
        var resolved = Assert.Single(Apply(book, "2026-11-17T10:20:00+08:00", []));

        Assert.Equal(resolved, book.Acknowledge("T1.1", At("2026-11-17T10:30:00+08:00")));
        Assert.Null(book.Alerts[0].AcknowledgedAt);
    }

    [Fact]
    public void Acknowledging_an_unknown_alert_gives_null()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-11-17T10:00:00+08:00", [Visits("A1")]);

        Assert.Null(book.Acknowledge("T1.2", At("2026-11-17T10:10:00+08:00")));
        Assert.Null(book.Acknowledge("T2.1", At("2026-11-17T10:10:00+08:00")));
        Assert.Equal(AlertStatus.Open, book.Alerts[0].Status);
    }

    [Fact]
    public void The_daily_cap_counts_the_alerts_raised_on_the_branch_local_day()
    {
        // Los Angeles, Pacific Standard Time (UTC−8) in November: a 09:00–18:00 day runs from 17:00 UTC to 02:00 UTC the
        // next day, so a UTC day would split it. The cap counts by the branch's own date.
        var la = BranchClock.For("America/Los_Angeles");
        var capOfTwo = AlertSettings.Default with { DailyCapPerTeam = 2 };
        var book = new AlertBook("T1");

        // Mon 16 Nov 10:00 PST (18:00 UTC Monday): A1 and A2 raised, A3 is third and over the cap.
        Assert.Equal(["A1", "A2"], Apply(book, "2026-11-16T10:00:00-08:00", [Visits("A1"), Visits("A2"), Visits("A3")], settings: capOfTwo, clock: la).Select(a => a.AgentId));
        // A1 catches up: resolved, but its alert was still raised today and still counts.
        Apply(book, "2026-11-16T11:00:00-08:00", [Visits("A2"), Visits("A3")], settings: capOfTwo, clock: la);
        Assert.Empty(Apply(book, "2026-11-16T12:00:00-08:00", [Visits("A1"), Visits("A2"), Visits("A3")], settings: capOfTwo, clock: la));
        // Mon 17:00 PST is Tuesday 01:00 UTC, but still Monday in the branch: nothing more.
        Assert.Empty(Apply(book, "2026-11-17T01:00:00Z", [Visits("A1"), Visits("A2"), Visits("A3")], settings: capOfTwo, clock: la));
        // Tue 17 Nov 09:00 PST: a new branch day. A2's alert is still open (no second one); A1 and A3 take the two places.
        Assert.Equal(["A1", "A3"], Apply(book, "2026-11-17T09:00:00-08:00", [Visits("A1"), Visits("A2"), Visits("A3"), Visits("A4")], settings: capOfTwo, clock: la).Select(a => a.AgentId));
    }

    [Fact]
    public void A_cap_of_zero_raises_nothing()
    {
        var book = new AlertBook("T1");
        Assert.Empty(Apply(book, "2026-11-17T10:00:00+08:00", [Visits("A1")], settings: AlertSettings.Default with { DailyCapPerTeam = 0 }));
    }

    [Fact]
    public void Resolved_alerts_are_kept_for_90_days_and_unresolved_ones_for_ever()
    {
        var book = new AlertBook("T1");
        Apply(book, "2026-01-05T10:00:00+08:00", [Visits("A1"), Visits("A2")]);
        Apply(book, "2026-01-05T11:00:00+08:00", [Visits("A2")]); // A1 resolved at 11:00

        // Exactly 90 days after the resolution (Shanghai has no clock changes): still kept.
        Apply(book, "2026-04-05T11:00:00+08:00", [], evaluated: []);
        Assert.Equal(["T1.1", "T1.2"], book.Alerts.Select(a => a.AlertId));

        // A minute later the resolved alert is gone; A2's, open for three months, stays.
        Apply(book, "2026-04-05T11:01:00+08:00", [], evaluated: []);
        Assert.Equal("T1.2", Assert.Single(book.Alerts).AlertId);
    }

    [Fact]
    public void A_restored_book_continues_its_sequence()
    {
        var earlier = new Alert("T1.41", "T1", "A1", AlertRule.Inactive, null, 2, 2, At("2026-11-16T11:00:00+08:00"), AlertStatus.Open);
        var book = new AlertBook("T1", [earlier], lastSequence: 41);

        var raised = Apply(book, "2026-11-17T11:00:00+08:00", [Quiet("A1"), Visits("A1")]);

        // The restored inactive alert is still open: only the visits alert is new, numbered after the last one.
        Assert.Equal("T1.42", Assert.Single(raised).AlertId);
        Assert.Equal(42, book.LastSequence);
    }
}
