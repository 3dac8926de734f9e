using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

/// <summary>The one map from a topic to its owner grain, and what the topic belongs to.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TopicDirectoryTests(ClusterFixture fixture)
{
    private static Topic Parse(string text) => Topic.TryParse(text, out var topic, out var error) ? topic : throw new ArgumentException(error);

    [Fact]
    public async Task Branch_and_team_topics_name_their_branch_and_team_and_unknown_owners_are_not_found()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var branch = new BranchInfo($"B-{id}", "Branch", "Asia/Shanghai");
        var team = new TeamInfo($"T-{id}", branch.Id, "Team", []);
        await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        await fixture.Grains.GetGrain<ITeamGrain>(team.Id).Upsert(team);
        var directory = new TopicDirectory(fixture.Grains);

        var board = await directory.FindAsync(Parse($"leaderboard:{branch.Id}:fyp:day:agents"));
        Assert.Equal((TopicOwnerKind.Branch, branch.Id, (string?)null), (board!.OwnerKind, board.BranchId, board.TeamId));
        var alerts = await directory.FindAsync(Parse($"alerts:{team.Id}"));
        Assert.Equal((TopicOwnerKind.Team, branch.Id, team.Id), (alerts!.OwnerKind, alerts.BranchId, (string?)alerts.TeamId));

        Assert.True(await directory.ExistsAsync(Parse($"branch:{branch.Id}")));
        Assert.False(await directory.ExistsAsync(Parse($"team:T-none-{id}")));
        Assert.False(await directory.ExistsAsync(Parse($"campaign:C-none-{id}")));
    }
}
