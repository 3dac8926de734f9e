using Tracking.Domain.Campaigns;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class CampaignWindowTests
{
    // 双十二冲刺 for a Shanghai branch: 1 December 00:00 to 13 December 00:00 local time, 10 minutes' grace.
    private static readonly CampaignWindow Sprint = new(At("2026-12-01T00:00:00+08:00"), At("2026-12-13T00:00:00+08:00"), CampaignWindow.DefaultGrace);

    [Fact]
    public void The_start_is_inclusive_and_the_end_exclusive_to_the_millisecond_in_any_offset()
    {
        Assert.True(Sprint.Contains(At("2026-12-01T00:00:00+08:00")));
        Assert.False(Sprint.Contains(At("2026-11-30T23:59:59.999+08:00")));
        Assert.True(Sprint.Contains(At("2026-12-12T23:59:59.999+08:00")));
        Assert.False(Sprint.Contains(At("2026-12-13T00:00:00+08:00")));
        // The same two edges written in UTC: 16:00Z on the 12th is midnight of the 13th in Shanghai.
        Assert.True(Sprint.Contains(At("2026-12-12T15:59:59.999Z")));
        Assert.False(Sprint.Contains(At("2026-12-12T16:00:00Z")));
        Assert.True(Sprint.Contains(At("2026-11-30T16:00:00Z")));
    }

    [Fact]
    public void Status_follows_the_window_and_freezes_after_the_grace()
    {
        Assert.Equal(CampaignStatus.Scheduled, Sprint.StatusAt(At("2026-11-30T23:59:59.999+08:00")));
        Assert.Equal(CampaignStatus.Running, Sprint.StatusAt(At("2026-12-01T00:00:00+08:00")));
        Assert.Equal(CampaignStatus.Running, Sprint.StatusAt(At("2026-12-12T23:59:59.999+08:00")));
        Assert.Equal(CampaignStatus.Finished, Sprint.StatusAt(At("2026-12-13T00:00:00+08:00")));

        Assert.Equal(At("2026-12-13T00:10:00+08:00"), Sprint.FreezesAt);
        Assert.False(Sprint.IsFrozenAt(At("2026-12-13T00:09:59.999+08:00")));
        Assert.True(Sprint.IsFrozenAt(At("2026-12-13T00:10:00+08:00")));
    }

    [Fact]
    public void The_next_change_is_the_start_then_the_end_then_the_freeze_then_none()
    {
        Assert.Equal(Sprint.StartsAt, Sprint.NextChangeAfter(At("2026-11-20T09:00:00+08:00")));
        Assert.Equal(Sprint.EndsAt, Sprint.NextChangeAfter(Sprint.StartsAt));
        Assert.Equal(Sprint.FreezesAt, Sprint.NextChangeAfter(Sprint.EndsAt));
        Assert.Null(Sprint.NextChangeAfter(Sprint.FreezesAt));
    }

    [Fact]
    public void An_empty_or_reversed_window_a_year_long_one_and_a_day_of_grace_are_refused()
    {
        Assert.Equal(["endsAt"], (Sprint with { EndsAt = Sprint.StartsAt }).Problems().Select(p => p.Field));
        Assert.Equal(["endsAt"], (Sprint with { EndsAt = Sprint.StartsAt.AddDays(367) }).Problems().Select(p => p.Field));
        Assert.Equal(["graceMinutes"], (Sprint with { Grace = TimeSpan.FromMinutes(1441) }).Problems().Select(p => p.Field));
        Assert.Empty((Sprint with { Grace = TimeSpan.Zero }).Problems());
    }
}
