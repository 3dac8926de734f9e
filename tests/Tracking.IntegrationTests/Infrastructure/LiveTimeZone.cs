namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that watch "today's" live boards post events dated just now; a branch whose local time is near
/// midnight would let the day roll over mid-test. This picks a zone where it is mid-day right now.
/// </summary>
public static class LiveTimeZone
{
    private static readonly string[] Candidates = ["Asia/Shanghai", "Europe/London", "America/New_York", "Pacific/Auckland"];

    public static string AwayFromMidnight()
    {
        var now = DateTimeOffset.UtcNow;
        return Candidates.First(id => TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(id)).Hour is >= 3 and <= 20);
    }
}
