using Tracking.Domain.Campaigns;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class CampaignRulesTests
{
    private static readonly CampaignRules Valid = new("冲刺", Metric.Fyp, CampaignUnit.Team,
        new CampaignWindow(At("2026-12-01T00:00:00+08:00"), At("2026-12-13T00:00:00+08:00"), CampaignWindow.DefaultGrace),
        new CampaignParticipants(["SZ01"], [], []));

    [Fact]
    public void A_participant_takes_its_own_target_else_the_campaigns()
    {
        var rules = Valid with { Target = 100m, Targets = new Dictionary<string, decimal> { ["T1"] = 40m } };
        Assert.Equal(40m, rules.TargetOf("T1"));
        Assert.Equal(100m, rules.TargetOf("T2"));
        Assert.Null((Valid with { Targets = new Dictionary<string, decimal> { ["T1"] = 40m } }).TargetOf("T2"));
    }

    [Fact]
    public void Problems_name_the_field()
    {
        Assert.Empty(Valid.Problems());
        Assert.Equal(["participants"], (Valid with { Participants = new CampaignParticipants([], [], []) }).Problems().Select(p => p.Field));
        Assert.Equal(["target"], (Valid with { Scoring = CampaignScoring.PercentOfTarget }).Problems().Select(p => p.Field));
        Assert.Equal(["target"], (Valid with { Target = 0m }).Problems().Select(p => p.Field));
        Assert.Equal(["targets.T1"], (Valid with { Targets = new Dictionary<string, decimal> { ["T1"] = 0m } }).Problems().Select(p => p.Field));
        Assert.Empty((Valid with { Scoring = CampaignScoring.PercentOfTarget, Targets = new Dictionary<string, decimal> { ["T1"] = 5m } }).Problems());
        Assert.Equal(["name"], (Valid with { Name = " " }).Problems().Select(p => p.Field));
    }

    [Fact]
    public void Participants_are_matched_by_agent_team_or_branch()
    {
        var who = new CampaignParticipants(["SZ01"], ["GZ-T1"], ["BJ-A7", "BJ-A7"]);
        Assert.True(who.Includes("A1", "SZ01-T1", "SZ01"));
        Assert.True(who.Includes("A2", "GZ-T1", "GZ01"));
        Assert.True(who.Includes("BJ-A7", "BJ-T1", "BJ01"));
        Assert.False(who.Includes("BJ-A8", "BJ-T1", "BJ01"));
        Assert.Equal(["BJ-A7"], who.AgentIds);
    }
}
