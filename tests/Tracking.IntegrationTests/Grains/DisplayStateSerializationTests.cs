using Tracking.Abstractions.Contracts;
using Tracking.Domain.Display;
using Tracking.Grains;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

/// <summary>
/// What display screens must not see travels between grains and into storage: the agent's opt-out, the hidden
/// flags of views, the ranked counts and the branch's display policy survive Orleans' serializer and copier.
/// </summary>
public sealed class DisplayStateSerializationTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly OrleansCarrier _carrier = new();

    public void Dispose() => _carrier.Dispose();

    private T[] Carried<T>(T value) where T : class => _carrier.Carried(value);

    [Fact]
    public void An_agents_opt_out_survives_and_an_agent_without_it_is_public()
    {
        var info = new AgentInfo("A1", "T1", "王芳", true, At);
        Assert.True(info.PublicDisplay);
        Assert.All(Carried(info), i => Assert.True(i.PublicDisplay));

        var hidden = info with { NameHidden = true };
        Assert.False(hidden.PublicDisplay);
        Assert.All(Carried(hidden), i => Assert.False(i.PublicDisplay));
        // A later change of team keeps the opt-out (the stored record is rewritten with "with").
        Assert.False((hidden with { TeamId = "T2" }).PublicDisplay);

        Assert.All(Carried(new MemberInfo("A1", "王芳", [], NameHidden: true)), m => Assert.True(m.NameHidden));
    }

    [Fact]
    public void Hidden_flags_and_ranked_counts_survive()
    {
        var board = new LeaderboardView("B", "fyp", new PeriodView("day", At, At.AddDays(1)), "agents", 1, At,
            [new LeaderboardEntryView(1, "A1", "王芳", "T1", 5m, NameHidden: true)], RankedCount: 9);
        Assert.All(Carried(board), b => Assert.Equal((9, true), (b.RankedCount, b.Entries[0].NameHidden)));

        var scoreboardEntry = new CampaignEntryView(1, "A1", "王芳", 5m, null, null, NameHidden: true);
        Assert.All(Carried(scoreboardEntry), e => Assert.True(e.NameHidden));
        Assert.All(Carried(new CelebrationView("B", "A1", "王芳", "policy", 5m, At, NameHidden: true)), c => Assert.True(c.NameHidden));
    }

    [Fact]
    public void The_branch_display_policy_is_stored_with_the_branch()
    {
        var state = new BranchState { DisplayPolicy = new DisplayPolicy(10, NameDisplay.Initial, false) };
        Assert.All(Carried(state), s => Assert.Equal(new DisplayPolicy(10, NameDisplay.Initial, false), s.DisplayPolicy));
        Assert.All(Carried(new BranchState()), s => Assert.Null(s.DisplayPolicy));
    }
}
