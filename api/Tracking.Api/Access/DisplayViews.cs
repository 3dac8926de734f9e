using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Display;

namespace Tracking.Api.Access;

/// <summary>
/// What a display screen (a display token) receives of a payload, under its branch's display policy: of a
/// leaderboard or a campaign scoreboard at most <see cref="DisplayPolicy.Top"/> entries, without the lower half
/// unless <see cref="DisplayPolicy.ShowBottom"/>, agents' names shaped by <see cref="DisplayPolicy.Names"/>; of
/// a celebration the agent's name shaped the same way. An agent who is not to be shown (<c>publicDisplay</c>
/// false) keeps its rank and value and has no name, whatever the policy. Names of teams and branches are not
/// people's names and stay as they are. Used for HTTP answers and pushes alike.
/// </summary>
public static class DisplayViews
{
    private static readonly string AgentsScope = Topic.ScopeName(LeaderboardScope.Agents);
    private static readonly string AgentUnit = CampaignUnit.Agent.Name();

    /// <summary>
    /// A shaped copy of a <see cref="LeaderboardView"/>, <see cref="CampaignScoreboardView"/> or
    /// <see cref="CelebrationView"/>; any other payload, and one the policy leaves as it is, is returned itself.
    /// </summary>
    public static object ShapeForDisplay(object payload, DisplayPolicy policy) => payload switch
    {
        LeaderboardView board => Shape(board, policy),
        CampaignScoreboardView scoreboard => Shape(scoreboard, policy),
        CelebrationView celebration => Shape(celebration, policy),
        _ => payload,
    };

    private static LeaderboardView Shape(LeaderboardView board, DisplayPolicy policy)
    {
        var ofAgents = board.Scope == AgentsScope;
        var entries = ShapeEntries(board.Entries, e => e.Rank, board.RankedCount, policy,
            e => NameFor(e.Name, e.NameHidden, ofAgents, policy) is var name && name == e.Name ? e : e with { Name = name });
        return ReferenceEquals(entries, board.Entries) ? board : board with { Entries = entries };
    }

    private static CampaignScoreboardView Shape(CampaignScoreboardView scoreboard, DisplayPolicy policy)
    {
        var ofAgents = scoreboard.Unit == AgentUnit;
        var entries = ShapeEntries(scoreboard.Entries, e => e.Rank, scoreboard.RankedCount, policy,
            e => NameFor(e.Name, e.NameHidden, ofAgents, policy) is var name && name == e.Name ? e : e with { Name = name });
        return ReferenceEquals(entries, scoreboard.Entries) ? scoreboard : scoreboard with { Entries = entries };
    }

    /// <summary>Celebrations are of agents, but for a campaign won by a team or a branch.</summary>
    private static CelebrationView Shape(CelebrationView celebration, DisplayPolicy policy)
    {
        var ofAgent = celebration.Unit is null || celebration.Unit == AgentUnit;
        var name = NameFor(celebration.Name, celebration.NameHidden, ofAgent, policy);
        return name == celebration.Name ? celebration : celebration with { Name = name };
    }

    /// <summary>An agent's name as the policy shapes it (none when hidden); a team's or branch's as it is.</summary>
    private static string? NameFor(string? name, bool hidden, bool ofAgent, DisplayPolicy policy) =>
        ofAgent || hidden ? policy.AgentName(name, hidden) : name;

    /// <summary>The policy's cut of a ranked list with every kept entry shaped; the list itself when nothing changes.</summary>
    private static IReadOnlyList<T> ShapeEntries<T>(IReadOnlyList<T> entries, Func<T, int> rankOf, int rankedCount, DisplayPolicy policy, Func<T, T> shape)
        where T : class
    {
        var kept = policy.Cut(entries, rankOf, rankedCount);
        var shaped = new T[kept.Count];
        var changed = kept.Count != entries.Count;
        for (var i = 0; i < shaped.Length; i++)
        {
            shaped[i] = shape(kept[i]);
            changed |= !ReferenceEquals(shaped[i], kept[i]);
        }
        return changed ? shaped : entries;
    }
}
