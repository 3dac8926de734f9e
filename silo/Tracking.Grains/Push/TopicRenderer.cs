using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.Push;

/// <summary>What a topic shows: how it is rendered, and when two renderings show the same thing.</summary>
public interface ITopicSource
{
    /// <summary>The topic's current content, stamped with <paramref name="version"/>.</summary>
    TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf);

    /// <summary>True when two renderings show the same thing (versions and times aside).</summary>
    bool SameContent(TopicUpdate a, TopicUpdate b);
}

/// <summary>
/// The renderer of one kind of topic: its view (built by <paramref name="render"/>), the hub message that
/// carries it, and <paramref name="sameContent"/>, which says when two views show the same thing.
/// </summary>
public sealed class TopicRenderer<TView>(
    string message,
    Func<Topic, long, DateTimeOffset, TView> render,
    Func<TView, TView, bool> sameContent) : ITopicSource
    where TView : notnull
{
    public TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf) =>
        new(topic.Name, message, version, render(topic, version, asOf));

    public bool SameContent(TopicUpdate a, TopicUpdate b) =>
        a.Payload is TView x && b.Payload is TView y && sameContent(x, y);
}
