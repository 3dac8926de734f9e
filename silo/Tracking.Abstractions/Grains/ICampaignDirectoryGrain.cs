using Orleans.Concurrency;

namespace Tracking.Abstractions.Grains;

/// <summary>
/// Every campaign ever saved, with the branches it involves (one directory for the cluster, key <see cref="Key"/>):
/// how campaigns are listed without asking every campaign grain there might be.
/// </summary>
public interface ICampaignDirectoryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Lists the campaign with the branches that hold its participants (replacing what was listed for it).</summary>
    Task List(string campaignId, [Immutable] IReadOnlyList<string> branchIds);

    /// <summary>The ids of the listed campaigns, in id order; with a branch, only those involving it.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> Find(string? branchId);
}
