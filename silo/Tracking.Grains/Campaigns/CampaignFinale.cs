using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Campaigns;
using Tracking.Grains.Notifications;

namespace Tracking.Grains.Campaigns;

/// <summary>
/// What a campaign does as it freezes, besides ranking its final standings: the webhooks' notice of the final
/// scoreboard (in the campaign's journal, stored in the same write as the standings) and the winners cheered on
/// the participating branches' screens.
/// </summary>
public sealed class CampaignFinale(string campaignId, IPersistentState<CampaignState> state, IGrainFactory grains, NoticeJournal notices, TimeProvider time)
{
    /// <summary>Hands over what a freeze before a restart decided and did not hand over.</summary>
    public void Resume()
    {
        if (notices.Count > 0) notices.HandOff();
    }

    /// <summary>Puts the final scoreboard's notice, in the language of the first participating branch, in what the freeze writes.</summary>
    public async Task DecideNoticeAsync(CampaignScoreboardView scoreboard, DateTimeOffset at)
    {
        var branches = state.State.Branches.ToArray();
        var first = branches.Length > 0 ? await grains.GetGrain<IBranchGrain>(branches[0]).GetInfo() : null;
        notices.Add(WebhookNotices.OfFinishedCampaign(campaignId, scoreboard, branches, at, first?.Language ?? BranchLanguages.Default));
        state.State.Notices = notices.Stored;
    }

    /// <summary>Once the freeze is written: the notice goes to the webhooks.</summary>
    public void HandOffNotice() => notices.HandOff();

    /// <summary>Cheers the winner (every participant sharing rank 1 with a score) on the screens of every participating branch.</summary>
    public async Task AnnounceWinnersAsync(CampaignRules rules, IReadOnlyList<CampaignEntryView> final)
    {
        var at = time.GetUtcNow();
        foreach (var branchId in state.State.Branches)
        {
            foreach (var cheer in CampaignViews.WinnerCheers(campaignId, rules, final, branchId, at))
                await grains.GetGrain<IBranchGrain>(branchId).Celebrate(cheer);
        }
        state.State.WinnersAnnounced = true;
        await state.WriteStateAsync();
    }
}
