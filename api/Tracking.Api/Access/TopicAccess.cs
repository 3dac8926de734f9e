using Tracking.Abstractions.Contracts;

namespace Tracking.Api.Access;

/// <summary>The access rule of each hub topic family and what it is about (docs/api.md, "Access control").</summary>
public static class TopicAccess
{
    public static (AccessRule Rule, AccessTarget Target) RuleFor(Topic topic) => topic.Kind switch
    {
        TopicKind.Leaderboard or TopicKind.Branch => (AccessRule.ViewBranchBoards, AccessTarget.Branch(topic.OwnerId)),
        TopicKind.Team or TopicKind.Alerts => (AccessRule.WatchTeam, AccessTarget.Team(topic.OwnerId)),
        _ => (AccessRule.ViewCampaign, AccessTarget.Campaign(topic.OwnerId)),
    };
}
