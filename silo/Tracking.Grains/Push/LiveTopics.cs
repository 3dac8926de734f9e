using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Push;

/// <summary>
/// The live topics of one grain, composed into it: the grain answers <see cref="ITopicOwner"/> through
/// this, says when its data changed and publishes its events here; <paramref name="renderers"/> gives the
/// renderer of each topic. Pushes are coalesced by a <see cref="TopicPublisher"/>; what it holds back is
/// sent by a timer of the owning grain, so it runs inside the grain's turns like everything else.
/// </summary>
public sealed class LiveTopics(IGrainBase owner, TimeProvider time, PushOptions options, Func<Topic, ITopicSource> renderers)
{
    private readonly TopicPublisher _publisher = new(renderers, time, options.CoalescingWindow);
    private IGrainTimer? _flushTimer;
    // When the armed flush timer fires (product clock); null when it is not armed.
    private DateTimeOffset? _flushAt;

    public Task<TopicUpdate> Subscribe(Topic topic, ITopicObserver observer) => Task.FromResult(_publisher.Subscribe(topic, observer));

    public Task Unsubscribe(Topic topic, ITopicObserver observer)
    {
        _publisher.Unsubscribe(topic, observer);
        return Task.CompletedTask;
    }

    /// <summary>Tells the watchers of the affected topics (all when null) that the data changed.</summary>
    public void Changed(Func<Topic, bool>? affected = null)
    {
        if (_publisher.TopicCount == 0) return;
        Schedule(_publisher.Changed(affected));
    }

    /// <summary>Pushes an event message (a celebration, an alert) to the topic's watchers at once.</summary>
    public void PublishEvent(string topicName, Func<long, TopicUpdate> build) => _publisher.Publish(topicName, build);

    /// <summary>
    /// Arms the flush timer for <paramref name="delay"/> from now, unless it is already armed to fire sooner: the
    /// flush it makes then pushes every topic due and arms the timer again for the rest.
    /// </summary>
    private void Schedule(TimeSpan? delay)
    {
        if (delay is not { } due) return;
        var at = time.GetUtcNow() + due;
        if (_flushAt is { } armed && armed <= at) return;
        _flushAt = at;
        _flushTimer ??= owner.RegisterGrainTimer(
            _ =>
            {
                _flushAt = null;
                Schedule(_publisher.Flush());
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions { DueTime = Timeout.InfiniteTimeSpan, Period = Timeout.InfiniteTimeSpan, KeepAlive = false });
        _flushTimer.Change(due, Timeout.InfiniteTimeSpan);
    }
}
