using Microsoft.Extensions.Time.Testing;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Grains.Push;

namespace Tracking.IntegrationTests.Grains;

/// <summary>The coalescing publisher on its own, with a fake clock and a scripted topic.</summary>
public sealed class TopicPublisherTests
{
    private sealed class Board : ITopicSource
    {
        public int Value { get; set; }
        public int Renders { get; private set; }

        public TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf)
        {
            Renders++;
            return new TopicUpdate(topic.Name, "leaderboard", version, Value);
        }

        public bool SameContent(TopicUpdate a, TopicUpdate b) => Equals(a.Payload, b.Payload);
    }

    private sealed class Screen : ITopicObserver
    {
        public List<TopicUpdate> Received { get; } = [];

        public Task OnUpdate(TopicUpdate update)
        {
            Received.Add(update);
            return Task.CompletedTask;
        }
    }

    private static readonly Topic Topic = new(TopicKind.Leaderboard, "B1");

    [Fact]
    public void The_first_change_after_quiet_goes_at_once_and_a_burst_waits_for_the_window_as_one_push()
    {
        var time = new FakeTimeProvider();
        var board = new Board();
        var screen = new Screen();
        var publisher = new TopicPublisher(_ => board, time, TimeSpan.FromMilliseconds(100));
        publisher.Subscribe(Topic, screen);

        board.Value = 1;
        Assert.Null(publisher.Changed());              // pushed at once, nothing held back
        Assert.Equal([1], screen.Received.Select(u => (int)u.Payload));

        for (var i = 2; i <= 50; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            board.Value = i;
            Assert.NotNull(publisher.Changed());       // held back inside the window
        }
        Assert.Single(screen.Received);

        time.Advance(TimeSpan.FromMilliseconds(51));   // the window (100 ms after the first push) is over
        Assert.Null(publisher.Flush());
        Assert.Equal([1, 50], screen.Received.Select(u => (int)u.Payload));
        Assert.True(screen.Received[1].Version > screen.Received[0].Version);
    }

    [Fact]
    public void A_topic_that_changes_do_not_touch_is_re_examined_at_most_once_per_window_and_never_pushed()
    {
        var time = new FakeTimeProvider();
        var board = new Board { Value = 7 };
        var screen = new Screen();
        var publisher = new TopicPublisher(_ => board, time, TimeSpan.FromMilliseconds(100));
        publisher.Subscribe(Topic, screen);
        var rendersAfterSubscribe = board.Renders;

        for (var i = 0; i < 300; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            publisher.Changed();
        }
        time.Advance(TimeSpan.FromMilliseconds(100));
        publisher.Flush();

        Assert.Empty(screen.Received);                 // nothing new to show: nothing pushed
        Assert.InRange(board.Renders - rendersAfterSubscribe, 1, 4); // 300 ms of changes: one look per window
    }
}
