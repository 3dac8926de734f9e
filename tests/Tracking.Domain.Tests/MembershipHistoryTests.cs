using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class MembershipHistoryTests
{
    // Joins T1 on 1 Oct, moves to T2 on 16 Nov, leaves (still named in T2) on 1 Dec. Shanghai times.
    private static MembershipHistory JoinMoveLeave() => new(
    [
        new MembershipChange(At("2026-11-16T00:00:00+08:00"), "T2", Active: true),
        new MembershipChange(At("2026-10-01T00:00:00+08:00"), "T1", Active: true),
        new MembershipChange(At("2026-12-01T00:00:00+08:00"), "T2", Active: false),
    ]);

    [Fact]
    public void Changes_are_kept_in_date_order()
    {
        var history = JoinMoveLeave();
        Assert.Equal(["T1", "T2", "T2"], history.Changes.Select(c => c.TeamId));
        Assert.False(history.Latest!.Active);
    }

    [Theory]
    [InlineData("2026-09-20T10:00:00+08:00", "T1")] // before joining: the first team
    [InlineData("2026-10-01T00:00:00+08:00", "T1")] // the joining instant itself
    [InlineData("2026-11-15T23:59:59+08:00", "T1")] // last second before the move
    [InlineData("2026-11-16T00:00:00+08:00", "T2")] // the move is effective from its instant
    [InlineData("2026-11-15T16:00:00Z", "T2")]      // the same instant written in UTC
    [InlineData("2026-12-05T10:00:00+08:00", "T2")] // after deactivation: the last team
    public void TeamAt_gives_the_team_to_credit(string instant, string team) =>
        Assert.Equal(team, JoinMoveLeave().TeamAt(At(instant)));

    [Theory]
    [InlineData("2026-09-20T10:00:00+08:00", false, false, false)] // not joined yet
    [InlineData("2026-10-10T10:00:00+08:00", true, true, false)]
    [InlineData("2026-11-20T10:00:00+08:00", true, false, true)]
    [InlineData("2026-11-30T23:59:59+08:00", true, false, true)]
    [InlineData("2026-12-01T00:00:00+08:00", false, false, false)] // left
    public void Activity_and_team_membership_at_an_instant(string instant, bool active, bool inT1, bool inT2)
    {
        var history = JoinMoveLeave();
        Assert.Equal(active, history.IsActiveAt(At(instant)));
        Assert.Equal(inT1, history.IsActiveMemberOf("T1", At(instant)));
        Assert.Equal(inT2, history.IsActiveMemberOf("T2", At(instant)));
    }

    [Fact]
    public void A_change_at_the_same_instant_replaces_the_earlier_one()
    {
        var history = JoinMoveLeave();
        // Same instant as the move, written with another offset: a correction, not a second change.
        history.Upsert(new MembershipChange(At("2026-11-15T16:00:00Z"), "T3", Active: true));

        Assert.Equal(3, history.Changes.Count);
        Assert.Equal("T3", history.TeamAt(At("2026-11-20T10:00:00+08:00")));
    }

    [Fact]
    public void A_change_dated_in_between_is_inserted_in_order()
    {
        var history = JoinMoveLeave();
        history.Upsert(new MembershipChange(At("2026-11-01T00:00:00+08:00"), "T9", Active: true));

        Assert.Equal(["T1", "T9", "T2", "T2"], history.Changes.Select(c => c.TeamId));
        Assert.Equal("T9", history.TeamAt(At("2026-11-05T00:00:00+08:00")));
    }

    [Fact]
    public void Rejoining_after_a_deactivation_makes_the_agent_active_again()
    {
        var history = JoinMoveLeave();
        history.Upsert(new MembershipChange(At("2027-01-04T00:00:00+08:00"), "T1", Active: true));

        Assert.False(history.IsActiveAt(At("2026-12-20T00:00:00+08:00")));
        Assert.True(history.IsActiveMemberOf("T1", At("2027-01-04T00:00:00+08:00")));
        Assert.Equal("T1", history.ActiveTeamAt(At("2027-02-01T00:00:00+08:00")));
        Assert.Null(history.ActiveTeamAt(At("2026-12-20T00:00:00+08:00")));
    }

    [Fact]
    public void An_empty_history_has_no_team_and_is_never_active()
    {
        var history = new MembershipHistory();
        Assert.Null(history.TeamAt(At("2026-11-20T10:00:00+08:00")));
        Assert.Null(history.Latest);
        Assert.False(history.IsActiveAt(At("2026-11-20T10:00:00+08:00")));
        Assert.Throws<ArgumentException>(() => history.Upsert(new MembershipChange(At("2026-11-20T10:00:00+08:00"), "", true)));
    }
}
