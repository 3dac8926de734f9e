using System.Collections.Concurrent;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

/// <summary>Pushes are coalesced per topic (docs/design.md, principle 5), checked on a fake product clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CoalescingTests(ClusterFixture fixture)
{
    private sealed class RecordingObserver : ITopicObserver
    {
        public ConcurrentQueue<TopicUpdate> Updates { get; } = new();

        public Task OnUpdate(TopicUpdate update)
        {
            Updates.Enqueue(update);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_hundred_events_within_50_ms_give_at_most_two_pushes_the_last_with_the_final_values()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var branch = new BranchInfo($"B-{id}", "Branch", "Asia/Shanghai");
        var team = new TeamInfo($"T-{id}", branch.Id, "Team", []);
        await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        await fixture.Grains.GetGrain<ITeamGrain>(team.Id).Upsert(team);
        var agents = Enumerable.Range(0, 100).Select(i => $"A-{id}-{i:D3}").ToArray();
        foreach (var agent in agents)
            await fixture.Grains.UpsertAgentAsync(new AgentInfo(agent, team.Id, agent, true, ClusterFixture.Start.AddDays(-30)), team);

        var observer = new RecordingObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<ITopicObserver>(observer);
        Assert.True(Topic.TryParse($"leaderboard:{branch.Id}:fyp:day:agents:100", out var topic, out _));
        var snapshot = await fixture.Grains.GetGrain<IBranchGrain>(branch.Id).Subscribe(topic, reference);

        // 100 events, one per agent, all inside the same 50 ms of the product clock (which does not move here).
        var now = fixture.Time.GetUtcNow();
        await Task.WhenAll(agents.Select((agent, i) => fixture.Grains.GetGrain<IAgentGrain>(agent)
            .Record([new ActivityEvent($"{agent}-e", agent, ActivityType.Policy, now.AddMinutes(-1), Policy: new PolicyDetails($"{agent}-P", 1000m + i))])));

        // The first change went out at once; the rest wait for the end of the 100 ms window. Let it pass.
        await Eventually.Until(() => Task.FromResult(observer.Updates.Count), n => n >= 1, TimeSpan.FromSeconds(2));
        fixture.Time.Advance(TimeSpan.FromMilliseconds(100));
        var final = await Eventually.Until(() => Task.FromResult(observer.Updates.LastOrDefault()),
            u => u?.Payload is LeaderboardView board && board.Entries.Sum(e => e.Value) == Enumerable.Range(0, 100).Sum(i => 1000m + i), TimeSpan.FromSeconds(3));
        await Task.Delay(300); // nothing more may come

        Assert.InRange(observer.Updates.Count, 1, 2);
        var versions = observer.Updates.Select(u => u.Version).Prepend(snapshot.Version).ToArray();
        Assert.Equal(versions.Order(), versions); // versions only grow
        var board = Assert.IsType<LeaderboardView>(final!.Payload);
        Assert.Equal(100, board.Entries.Count);
        Assert.Equal((1, agents[99], 1099m), (board.Entries[0].Rank, board.Entries[0].Id, board.Entries[0].Value));
        Assert.Equal(topic.Name, board.Topic);
    }
}
