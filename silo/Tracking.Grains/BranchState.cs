using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;
using Tracking.Domain.Display;

namespace Tracking.Grains;

/// <summary>What a branch stores: its records (<see cref="Branches.BranchRegistry"/>), its campaign list, its battle-report rules and its display policy.</summary>
[GenerateSerializer, Alias("tracking.branch-state")]
public sealed class BranchState
{
    [Id(0)] public BranchInfo? Info { get; set; }
    [Id(1)] public Dictionary<string, TeamInfo> Teams { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, MemberInfo> Members { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public List<TargetSetting> Targets { get; set; } = [];
    [Id(4)] public AlertSettings? AlertSettings { get; set; }
    /// <summary>Campaigns whose participants include agents of this branch; the agents tally their events for them.</summary>
    [Id(5)] public Dictionary<string, CampaignRegistration> Campaigns { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public long CampaignsVersion { get; set; }
    [Id(7)] public CelebrationSettings? Celebrations { get; set; }
    /// <summary>What the branch's display screens may see of its boards; null: <see cref="DisplayPolicy.Default"/>.</summary>
    [Id(8)] public DisplayPolicy? DisplayPolicy { get; set; }
}
