using Tracking.Abstractions.Contracts;

namespace Tracking.Abstractions.Grains;

/// <summary>The kind of grain that owns a topic.</summary>
public enum TopicOwnerKind { Branch, Team, Campaign }

/// <summary>
/// Where a topic lives: its owner grain, and the branch and team it belongs to when it belongs to one
/// (a campaign may span branches, so its topic names neither).
/// </summary>
public sealed record TopicPlace(Topic Topic, TopicOwnerKind OwnerKind, ITopicOwner Owner, string? BranchId, string? TeamId);

/// <summary>
/// The one map from a topic to the grain that owns it: leaderboard and branch topics live on their
/// branch, team and alerts topics on their team, campaign topics on their campaign. The hub asks it
/// whether a topic names something that exists, the push relay which grain to subscribe to, and
/// authorization can ask it which branch or team a topic belongs to.
/// </summary>
public sealed class TopicDirectory(IGrainFactory grains)
{
    public static TopicOwnerKind OwnerKindOf(TopicKind kind) => kind switch
    {
        TopicKind.Leaderboard or TopicKind.Branch => TopicOwnerKind.Branch,
        TopicKind.Team or TopicKind.Alerts => TopicOwnerKind.Team,
        TopicKind.Campaign => TopicOwnerKind.Campaign,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No grain owns this kind of topic."),
    };

    /// <summary>The grain that owns the topic (whether or not it was ever set up).</summary>
    public ITopicOwner OwnerOf(Topic topic) => OwnerKindOf(topic.Kind) switch
    {
        TopicOwnerKind.Branch => grains.GetGrain<IBranchGrain>(topic.OwnerId),
        TopicOwnerKind.Team => grains.GetGrain<ITeamGrain>(topic.OwnerId),
        _ => grains.GetGrain<ICampaignGrain>(topic.OwnerId),
    };

    /// <summary>
    /// Finds the topic's owner and what it belongs to; null when the owner does not exist (a branch or
    /// team never set up, a campaign never saved). One call to the owner grain.
    /// </summary>
    public async Task<TopicPlace?> FindAsync(Topic topic)
    {
        var kind = OwnerKindOf(topic.Kind);
        var owner = OwnerOf(topic);
        return kind switch
        {
            TopicOwnerKind.Branch => await ((IBranchGrain)owner).GetInfo() is { } branch
                ? new TopicPlace(topic, kind, owner, branch.Id, null) : null,
            TopicOwnerKind.Team => await ((ITeamGrain)owner).GetInfo() is { } team
                ? new TopicPlace(topic, kind, owner, team.BranchId, team.Id) : null,
            _ => await ((ICampaignGrain)owner).Get() is not null
                ? new TopicPlace(topic, kind, owner, null, null) : null,
        };
    }

    /// <summary>True when the topic names something that exists.</summary>
    public async Task<bool> ExistsAsync(Topic topic) => await FindAsync(topic) is not null;
}
