namespace Tracking.Api.Access;

/// <summary>
/// The rows of the access table (docs/api.md, "Access control"): what a caller may do, each decided in one place,
/// <see cref="AccessScope"/>. Admins may do everything; the other roles as each rule says.
/// </summary>
public enum AccessRule
{
    /// <summary>Change the organisation, targets, rules, campaigns, display policies; manage API keys. Admin only.</summary>
    Administer,
    /// <summary>Post events: ingest tokens and keys for agents of their branches (none listed: every branch).</summary>
    PostEvents,
    /// <summary>Read an agent (record, stats): supervisors of the agent's team.</summary>
    ReadAgent,
    /// <summary>Read a team (record, members, stats, rules): its supervisors.</summary>
    ReadTeam,
    /// <summary>Read a branch's stats and settings: supervisors holding the branch in a <c>branch</c> claim.</summary>
    ReadBranch,
    /// <summary>Leaderboards, the branch record and <c>branch:</c> celebrations: supervisors with a team in the branch; its displays.</summary>
    ViewBranchBoards,
    /// <summary>A team's alerts (GET, ack, <c>alerts:</c> topic) and its <c>team:</c> topic: its supervisors.</summary>
    WatchTeam,
    /// <summary>A campaign, its scoreboard and <c>campaign:</c> topic: supervisors and displays with a participant in scope.</summary>
    ViewCampaign,
    /// <summary>List campaigns: supervisors and displays, each shown only the campaigns <see cref="ViewCampaign"/> allows it.</summary>
    ListCampaigns,
    /// <summary>Read the VAPID public key browsers subscribe to Web Push with: any authenticated caller.</summary>
    ReadPushKey,
    /// <summary>Subscribe a browser to Web Push, or remove a subscription (one's own; an admin's any): supervisors.</summary>
    SubscribePush,
}

/// <summary>What a rule is asked about: nothing (role-only rules), or one agent, team, branch or campaign.</summary>
public readonly record struct AccessTarget(AccessTargetKind Kind, string Id)
{
    public static readonly AccessTarget None = new(AccessTargetKind.None, "");
    public static AccessTarget Agent(string id) => new(AccessTargetKind.Agent, id);
    public static AccessTarget Team(string id) => new(AccessTargetKind.Team, id);
    public static AccessTarget Branch(string id) => new(AccessTargetKind.Branch, id);
    public static AccessTarget Campaign(string id) => new(AccessTargetKind.Campaign, id);
}

public enum AccessTargetKind { None, Agent, Team, Branch, Campaign }
