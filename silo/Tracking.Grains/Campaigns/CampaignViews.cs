using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;

namespace Tracking.Grains.Campaigns;

/// <summary>A campaign's definition and scoreboard in the shapes clients see.</summary>
public static class CampaignViews
{
    /// <param name="settingUp">True while a campaign set up late is still counting the recorded events: it shows as scheduled.</param>
    public static CampaignView Definition(string campaignId, CampaignRules rules, bool frozen, DateTimeOffset now, bool settingUp = false)
    {
        var p = rules.Participants;
        return new CampaignView(campaignId, rules.Name, rules.Metric.Name(), rules.Unit.Name(), rules.Scoring.Name(),
            rules.Window.StartsAt, rules.Window.EndsAt, (int)rules.Window.Grace.TotalMinutes, rules.Window.FreezesAt,
            new CampaignParticipantsView(p.BranchIds, p.TeamIds, p.AgentIds), rules.Target,
            rules.Targets ?? new Dictionary<string, decimal>(), StatusName(rules.Window, now, settingUp), frozen);
    }

    /// <param name="frozen">True once the final standings are set (then <paramref name="entries"/> are they).</param>
    public static CampaignScoreboardView Scoreboard(string campaignId, CampaignRules rules, bool frozen, IReadOnlyList<CampaignEntryView> entries,
        long version, DateTimeOffset asOf, bool settingUp = false)
    {
        var window = rules.Window;
        return new CampaignScoreboardView(campaignId, rules.Name, rules.Metric.Name(), rules.Unit.Name(), rules.Scoring.Name(),
            StatusName(window, asOf, settingUp), frozen, window.StartsAt, window.EndsAt, window.FreezesAt,
            version, asOf.ToOffset(window.EndsAt.Offset), SecondsUntil(window.StartsAt, asOf), SecondsUntil(window.EndsAt, asOf), rules.Target,
            entries, RankedCount: entries.Count);
    }

    /// <summary>Times and countdowns aside, two scoreboards show the same when status, freeze and every entry agree.</summary>
    public static bool SameScoreboard(CampaignScoreboardView x, CampaignScoreboardView y) =>
        x.Status == y.Status && x.Frozen == y.Frozen && x.Name == y.Name
        && x.StartsAt == y.StartsAt && x.EndsAt == y.EndsAt && x.Target == y.Target && x.Entries.SequenceEqual(y.Entries);

    /// <summary>The campaignWon cheers for one branch's screens: every participant sharing rank 1 with a score.</summary>
    public static IEnumerable<CelebrationView> WinnerCheers(string campaignId, CampaignRules rules, IReadOnlyList<CampaignEntryView> final,
        string branchId, DateTimeOffset now)
    {
        var at = now.ToOffset(rules.Window.EndsAt.Offset);
        return final.Where(e => e.Rank == 1 && (rules.Scoring == CampaignScoring.Absolute ? e.Value > 0m : e.Progress > 0m))
            .Select(winner => new CelebrationView(branchId, winner.Id, winner.Name, CelebrationKind.CampaignWon.Name(), winner.Value, at,
                Metric: rules.Metric.Name(), CampaignId: campaignId, CampaignName: rules.Name, Unit: rules.Unit.Name(), NameHidden: winner.NameHidden));
    }

    /// <summary>
    /// Takes an agent's display opt-out into final standings, whose names, ranks and values never change;
    /// true when its entry changed.
    /// </summary>
    public static bool TakeOptOut(List<CampaignEntryView> final, MemberInfo member)
    {
        var i = final.FindIndex(e => e.Id == member.AgentId);
        if (i < 0 || final[i].NameHidden == member.NameHidden) return false;
        final[i] = final[i] with { NameHidden = member.NameHidden };
        return true;
    }

    private static string StatusName(CampaignWindow window, DateTimeOffset now, bool settingUp) =>
        (settingUp ? CampaignStatus.Scheduled : window.StatusAt(now)).Name();

    /// <summary>Whole seconds (rounded up) until a moment, for a countdown; null once it has passed.</summary>
    private static long? SecondsUntil(DateTimeOffset moment, DateTimeOffset now) =>
        now < moment ? (long)Math.Ceiling((moment - now).TotalSeconds) : null;
}
