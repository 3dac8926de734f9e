using Tracking.Domain.Celebrations;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class CelebrationThrottleTests
{
    private sealed record Cheer(string Name, CelebrationKind Kind, decimal Value);

    private sealed class ByImportance : IComparer<Cheer>
    {
        public int Compare(Cheer? x, Cheer? y) => (x!.Kind, x.Value).CompareTo((y!.Kind, y.Value));
    }

    private static readonly DateTimeOffset T0 = At("2026-11-23T10:00:00+08:00");

    private static CelebrationThrottle<Cheer> Throttle() => new(burst: 3, TimeSpan.FromSeconds(5), new ByImportance());

    [Fact]
    public void A_burst_of_three_goes_out_at_once_and_the_rest_is_merged_into_one_digest_sent_when_a_token_returns()
    {
        var throttle = Throttle();
        var sent = new List<ThrottledRelease<Cheer>>();
        // Eight sales in the same second.
        for (var i = 1; i <= 8; i++) sent.AddRange(throttle.Offer(new Cheer($"s{i}", CelebrationKind.Policy, 1000m * i), T0));

        Assert.Equal(["s1", "s2", "s3"], sent.Select(s => s.Item.Name));
        Assert.All(sent, s => Assert.Equal(0, s.Merged));
        Assert.True(throttle.HasHeld);
        Assert.Equal(TimeSpan.FromSeconds(5), throttle.HeldDueIn(T0));

        Assert.Null(throttle.Release(T0.AddSeconds(4.9)));
        // One token back after 5 s: the five held sales go out as one, the biggest (8,000) standing for 4 more.
        Assert.Equal(new ThrottledRelease<Cheer>(new Cheer("s8", CelebrationKind.Policy, 8000m), 4), throttle.Release(T0.AddSeconds(5)));
        Assert.False(throttle.HasHeld);
        Assert.Null(throttle.HeldDueIn(T0.AddSeconds(5)));
    }

    [Fact]
    public void The_most_important_kind_represents_the_digest_whatever_the_values()
    {
        var throttle = Throttle();
        for (var i = 0; i < 3; i++) throttle.Offer(new Cheer($"s{i}", CelebrationKind.Policy, 1m), T0);
        Assert.Empty(throttle.Offer(new Cheer("big sale", CelebrationKind.Policy, 90000m), T0.AddSeconds(1)));
        Assert.Empty(throttle.Offer(new Cheer("A1 reached the month's target", CelebrationKind.TargetReached, 50000m), T0.AddSeconds(2)));
        Assert.Empty(throttle.Offer(new Cheer("A2 leads", CelebrationKind.RankUp, 95000m), T0.AddSeconds(3)));

        var digest = throttle.Release(T0.AddSeconds(5));
        Assert.Equal(("A1 reached the month's target", 2), (digest!.Value.Item.Name, digest.Value.Merged));
    }

    [Fact]
    public void After_a_quiet_spell_the_bucket_is_full_again_and_never_fuller()
    {
        var throttle = Throttle();
        for (var i = 0; i < 3; i++) Assert.Single(throttle.Offer(new Cheer($"a{i}", CelebrationKind.Policy, 1m), T0));
        // An hour later: three tokens (not 720), so three go out and the fourth waits.
        var later = T0.AddHours(1);
        var sent = Enumerable.Range(0, 4).SelectMany(i => throttle.Offer(new Cheer($"b{i}", CelebrationKind.Policy, 1m), later)).ToArray();
        Assert.Equal(["b0", "b1", "b2"], sent.Select(s => s.Item.Name));
        Assert.True(throttle.HasHeld);
    }

    [Fact]
    public void A_new_cheer_after_the_digest_is_due_sends_the_digest_first_and_waits_its_turn()
    {
        var throttle = Throttle();
        for (var i = 0; i < 4; i++) throttle.Offer(new Cheer($"a{i}", CelebrationKind.Policy, 1m), T0);
        // 7.5 s later 1.5 tokens came back: the held a3 goes first, then the new one waits for the next token.
        var sent = throttle.Offer(new Cheer("b", CelebrationKind.Policy, 1m), T0.AddSeconds(7.5));
        Assert.Equal([new ThrottledRelease<Cheer>(new Cheer("a3", CelebrationKind.Policy, 1m), 0)], sent);
        Assert.Equal(TimeSpan.FromSeconds(2.5), throttle.HeldDueIn(T0.AddSeconds(7.5)));
        Assert.Equal("b", throttle.Release(T0.AddSeconds(10))!.Value.Item.Name);
    }
}
