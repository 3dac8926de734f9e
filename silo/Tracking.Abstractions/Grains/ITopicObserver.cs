using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;

namespace Tracking.Abstractions.Grains;

/// <summary>One per API node: receives the updates of the topics that node's screens watch.</summary>
public interface ITopicObserver : IGrainObserver
{
    [OneWay]
    Task OnUpdate(TopicUpdate update);
}

/// <summary>A grain that owns live topics (branch, team, campaign) and pushes their updates to node observers.</summary>
public interface ITopicOwner
{
    /// <summary>
    /// Registers (or refreshes) a node's interest in a topic and returns the topic's current snapshot.
    /// Nodes refresh every <see cref="TopicSubscriptions.RefreshInterval"/>; silent ones are dropped.
    /// </summary>
    Task<TopicUpdate> Subscribe(Topic topic, ITopicObserver observer);

    Task Unsubscribe(Topic topic, ITopicObserver observer);
}

public static class TopicSubscriptions
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(95);
}
