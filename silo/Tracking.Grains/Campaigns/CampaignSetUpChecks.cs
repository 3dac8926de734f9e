using Tracking.Abstractions.Contracts;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains.Campaigns;

/// <summary>Why a campaign's rules may not be saved as they are (null: they may), in the API's field errors.</summary>
public static class CampaignSetUpChecks
{
    /// <summary>Rules are locked once the campaign has started, so every participant competes under the rules it started with.</summary>
    public static CampaignSaveResult? Refusal(string campaignId, CampaignRules? current, CampaignRules proposed, DateTimeOffset now)
    {
        if (current is not null && current.Window.StatusAt(now) != CampaignStatus.Scheduled)
        {
            var status = current.Window.StatusAt(now).Name();
            return CampaignSaveResult.Failed(CampaignSaveStatus.Locked, new CampaignFieldError("",
                $"Campaign '{campaignId}' is {status} (it started at {current.Window.StartsAt:O}): its rules are locked once it has started, so every participant competes under the rules it started with."));
        }
        if (now - proposed.Window.StartsAt > CampaignWindow.MaxLateSetUp)
            return CampaignSaveResult.Failed(CampaignSaveStatus.Invalid, new CampaignFieldError("startsAt",
                $"must be at most 366 days before now ({now:O}): a campaign set up late counts the events already recorded in its window."));
        return null;
    }

    /// <summary>Targets naming someone who does not take part.</summary>
    public static CampaignSaveResult? Strangers(CampaignRules rules, CampaignRoster roster)
    {
        var strangers = (rules.Targets?.Keys ?? []).Where(id => !roster.Lists(id))
            .Select(id => new CampaignFieldError($"targets.{id}", $"'{id}' is not a {rules.Unit.Name()} taking part in the campaign.")).ToArray();
        return strangers.Length > 0 ? CampaignSaveResult.Failed(CampaignSaveStatus.UnknownReferences, strangers) : null;
    }
}
