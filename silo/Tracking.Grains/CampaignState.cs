using Tracking.Grains.Notifications;
using Tracking.Abstractions.Contracts;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains;

/// <summary>A campaign's rules, the latest tally of each agent, and, once frozen, the final standings.</summary>
[GenerateSerializer, Alias("tracking.campaign-state")]
public sealed class CampaignState
{
    [Id(0)] public CampaignRules? Rules { get; set; }
    /// <summary>The branches the campaign is registered with (so an edit can unregister the ones it no longer involves).</summary>
    [Id(1)] public List<string> Branches { get; set; } = [];
    [Id(2)] public List<CampaignTallyReport> Tallies { get; set; } = [];
    /// <summary>Set at the freeze: from then on the scoreboard is this list, whatever else happens.</summary>
    [Id(3)] public List<CampaignEntryView>? Final { get; set; }
    [Id(4)] public bool WinnersAnnounced { get; set; }
    /// <summary>True once the campaign directory lists it (campaigns stored before the directory existed list themselves on waking).</summary>
    [Id(5)] public bool Listed { get; set; }
    /// <summary>
    /// True while a campaign set up after its start has not yet counted the events already recorded: it shows as
    /// scheduled and does not freeze until it has (asked again on every activation and tick).
    /// </summary>
    [Id(6)] public bool BackfillPending { get; set; }
    /// <summary>When the late set-up was made: events recorded before it are counted from the agents' logs.</summary>
    [Id(7)] public DateTimeOffset BackfillAsOf { get; set; }
    /// <summary>The final scoreboard's notice while it has not been handed to the webhooks (written with the freeze).</summary>
    [Id(8)] public List<PendingNotice> Notices { get; set; } = [];
}
