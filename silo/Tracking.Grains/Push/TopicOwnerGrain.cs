using Microsoft.Extensions.Options;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Push;

public sealed class PushOptions
{
    /// <summary>At most one push per topic per window; the first change after a quiet spell goes at once.</summary>
    public TimeSpan CoalescingWindow { get; set; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>Base of grains that own live topics: subscription bookkeeping and the coalescing timer.</summary>
public abstract class TopicOwnerGrain : Grain, ITopicSource
{
    private readonly TopicPublisher _publisher;
    private IGrainTimer? _flushTimer;

    protected TopicOwnerGrain(TimeProvider time, IOptions<PushOptions> options)
    {
        Time = time;
        _publisher = new TopicPublisher(this, time, options.Value.CoalescingWindow);
    }

    protected TimeProvider Time { get; }

    public Task<TopicUpdate> Subscribe(Topic topic, ITopicObserver observer) => Task.FromResult(_publisher.Subscribe(topic, observer));

    public Task Unsubscribe(Topic topic, ITopicObserver observer)
    {
        _publisher.Unsubscribe(topic, observer);
        return Task.CompletedTask;
    }

    public abstract TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf);

    public abstract bool SameContent(TopicUpdate a, TopicUpdate b);

    /// <summary>Tells the watchers of the affected topics (all when null) that the data changed.</summary>
    protected void TopicsChanged(Func<Topic, bool>? affected = null)
    {
        if (_publisher.TopicCount == 0) return;
        Schedule(_publisher.Changed(affected));
    }

    /// <summary>Pushes an event message (a celebration, an alert) to the topic's watchers at once.</summary>
    protected void PublishEvent(string topicName, Func<long, TopicUpdate> build) => _publisher.Publish(topicName, build);

    private void Schedule(TimeSpan? delay)
    {
        if (delay is not { } due) return;
        _flushTimer ??= this.RegisterGrainTimer(
            _ => { Schedule(_publisher.Flush()); return Task.CompletedTask; },
            new GrainTimerCreationOptions { DueTime = Timeout.InfiniteTimeSpan, Period = Timeout.InfiniteTimeSpan, KeepAlive = false });
        _flushTimer.Change(due, Timeout.InfiniteTimeSpan);
    }
}
