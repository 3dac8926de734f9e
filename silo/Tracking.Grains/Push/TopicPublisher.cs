using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Push;

/// <summary>
/// The live topics of one owner grain: which node observers watch them, what was last sent, and the
/// coalescing window (a screen gets at most one push per topic per window, however busy the data). The
/// first change after a quiet spell goes out at once; later changes inside the window wait for its end
/// and go out merged as one push. A rendering that shows nothing new is not pushed. Not thread-safe: it
/// lives inside a grain's single-threaded turns.
/// </summary>
/// <remarks>
/// Windows follow the product clock (<paramref name="time"/>), so tests can step through them; whether a
/// node is still there is a matter of real time (<paramref name="liveness"/>, the system clock by default),
/// so a product clock that jumps ahead never drops a live node's subscriptions.
/// </remarks>
public sealed class TopicPublisher(Func<Topic, ITopicSource> sourceOf, TimeProvider time, TimeSpan window, TimeProvider? liveness = null)
{
    private readonly TimeProvider _liveness = liveness ?? TimeProvider.System;

    private sealed class TopicState(Topic topic, ITopicSource source)
    {
        public Topic Topic { get; } = topic;
        public ITopicSource Source { get; } = source;
        public Dictionary<ITopicObserver, DateTimeOffset> Observers { get; } = new();
        public TopicUpdate? Last { get; set; }
        public long LastPushedVersion { get; set; }
        /// <summary>When the topic was last rendered for a push; renders that showed nothing new count too,
        /// so a topic that other changes do not touch is re-examined at most once per window.</summary>
        public DateTimeOffset LastRenderAt { get; set; } = DateTimeOffset.MinValue;
        public bool Dirty { get; set; }
    }

    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private long _lastVersion;

    public TimeSpan Window => window;

    public int TopicCount => _topics.Count;

    /// <summary>Adds or refreshes a node's interest and returns the current snapshot.</summary>
    public TopicUpdate Subscribe(Topic topic, ITopicObserver observer)
    {
        var isNew = !_topics.TryGetValue(topic.Name, out var state);
        if (isNew) _topics[topic.Name] = state = new TopicState(topic, sourceOf(topic));
        state!.Observers[observer] = _liveness.GetUtcNow();
        var snapshot = Current(state);
        // A new topic's only watcher has just been handed this version: nothing is owed to anyone.
        if (isNew) state.LastPushedVersion = snapshot.Version;
        return snapshot;
    }

    public void Unsubscribe(Topic topic, ITopicObserver observer)
    {
        if (_topics.TryGetValue(topic.Name, out var state) && state.Observers.Remove(observer) && state.Observers.Count == 0)
            _topics.Remove(topic.Name);
    }

    /// <summary>
    /// Marks the watched topics (all, or those <paramref name="affected"/> selects) as changed and pushes at once
    /// if any of them is due (its window has passed). Returns how long until the next held-back push of these topics
    /// is due, if any. Only when something is due does it go through all topics (<see cref="Flush"/>): a busy owner
    /// changes on every report, mostly inside the window.
    /// </summary>
    public TimeSpan? Changed(Func<Topic, bool>? affected = null)
    {
        var now = time.GetUtcNow();
        TimeSpan? next = null;
        var pushNow = false;
        foreach (var state in _topics.Values)
        {
            if (affected is not null && !affected(state.Topic)) continue;
            state.Dirty = true;
            var wait = state.LastRenderAt + window - now;
            if (wait <= TimeSpan.Zero) pushNow = true;
            else if (next is null || wait < next) next = wait;
        }
        return pushNow ? Flush() : next;
    }

    /// <summary>Pushes every changed topic whose window has passed; returns the delay to the next one due.</summary>
    public TimeSpan? Flush()
    {
        var now = time.GetUtcNow();
        TimeSpan? next = null;
        List<string>? expired = null;
        foreach (var state in _topics.Values)
        {
            DropSilentObservers(state, _liveness.GetUtcNow());
            if (state.Observers.Count == 0) { (expired ??= []).Add(state.Topic.Name); continue; }
            if (!state.Dirty) continue;

            var due = state.LastRenderAt + window;
            if (now < due)
            {
                var wait = due - now;
                next = next is null || wait < next ? wait : next;
                continue;
            }

            state.Dirty = false;
            state.LastRenderAt = now;
            var update = Current(state);
            // A snapshot handed to a new subscriber may already carry this version; the others still need it.
            if (update.Version <= state.LastPushedVersion) continue;
            state.LastPushedVersion = update.Version;
            foreach (var observer in state.Observers.Keys) observer.OnUpdate(update);
        }
        if (expired is not null) foreach (var name in expired) _topics.Remove(name);
        return next;
    }

    /// <summary>
    /// Sends an event message (something that happened, not a new state) at once to the topic's watchers,
    /// with the next version of this owner's sequence; nothing is sent when nobody watches.
    /// </summary>
    public void Publish(string topicName, Func<long, TopicUpdate> build)
    {
        if (!_topics.TryGetValue(topicName, out var state) || state.Observers.Count == 0) return;
        var update = build(VersionClock.Next(ref _lastVersion, time)) with { IsEvent = true };
        foreach (var observer in state.Observers.Keys) observer.OnUpdate(update);
    }

    /// <summary>The topic's content now: the last rendering if nothing changed, else a new version.</summary>
    private TopicUpdate Current(TopicState state)
    {
        var now = time.GetUtcNow();
        var rendered = state.Source.Render(state.Topic, VersionClock.Next(ref _lastVersion, time), now);
        if (state.Last is not null && state.Source.SameContent(state.Last, rendered)) return state.Last;
        state.Last = rendered;
        return rendered;
    }

    private static void DropSilentObservers(TopicState state, DateTimeOffset now)
    {
        List<ITopicObserver>? silent = null;
        foreach (var (observer, seen) in state.Observers)
        {
            if (now - seen > TopicSubscriptions.Expiry) (silent ??= []).Add(observer);
        }
        if (silent is not null) foreach (var observer in silent) state.Observers.Remove(observer);
    }
}
