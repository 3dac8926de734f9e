using Microsoft.Extensions.Logging;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains.Campaigns;

/// <summary>
/// How a campaign keeps time: a grain timer looks at the product clock every <see cref="Tick"/> while the
/// campaign is active, so start, end and freeze happen on time; a durable reminder (at the next of those
/// moments, then every minute until it is dealt with) brings the campaign back after a deactivation or a
/// node failure.
/// </summary>
public sealed class CampaignClock(IGrainBase campaign, string campaignId, Func<Task> onTick, ILogger logger)
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Reminders are not meant for far-off dates: one due later than this fires early and is set again.</summary>
    private static readonly TimeSpan LongestReminderWait = TimeSpan.FromDays(7);

    private const string ReminderName = "campaign-clock";

    private IGrainTimer? _timer;

    public void Start() => _timer ??= campaign.RegisterGrainTimer(onTick, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = false });

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Sets the reminder for the window's next moment after <paramref name="now"/>; past the freeze it keeps coming until <paramref name="frozen"/>.</summary>
    public async Task ScheduleReminderAsync(CampaignWindow window, DateTimeOffset now, bool frozen)
    {
        if (window.NextChangeAfter(now) is not { } next)
        {
            // Past the freeze: the reminder keeps coming (every minute) until the freeze is done.
            if (frozen) await UnregisterReminderAsync();
            return;
        }
        var due = next - now;
        due = due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due > LongestReminderWait ? LongestReminderWait : due;
        try
        {
            await campaign.RegisterOrUpdateReminder(ReminderName, due, TimeSpan.FromMinutes(1));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the clock reminder could not be registered; the campaign moves on while it is active", campaignId);
        }
    }

    public async Task UnregisterReminderAsync()
    {
        try
        {
            if (await campaign.GetReminder(ReminderName) is { } reminder) await campaign.UnregisterReminder(reminder);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the clock reminder could not be removed", campaignId);
        }
    }
}
