using System.Collections.Concurrent;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Display;

namespace Tracking.Api.Access;

/// <summary>
/// This node's copy of the display policies of the branches its display screens watch, so a push is shaped
/// without a grain call; <see cref="RefreshAsync"/> (every second, by the push relay) picks up a changed policy,
/// which then applies to the next push of every board, on every node.
/// </summary>
public sealed class DisplayPolicies(IGrainFactory grains, ILogger<DisplayPolicies> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DisplayPolicy> _byBranch = new(StringComparer.Ordinal);

    /// <summary>The branch's policy, fetched now and kept for later pushes.</summary>
    public async Task<DisplayPolicy> FetchAsync(string branchId)
    {
        var policy = await grains.GetGrain<IBranchGrain>(branchId).GetDisplayPolicy();
        _byBranch[branchId] = policy;
        return policy;
    }

    /// <summary>The policy last fetched for the branch; the strictest shape if it was never fetched.</summary>
    public DisplayPolicy Current(string branchId) => _byBranch.GetValueOrDefault(branchId) ?? Strictest;

    /// <summary>Nothing but ranks and values of the top half, should a policy be missing.</summary>
    public static DisplayPolicy Strictest { get; } = new(DisplayPolicy.DefaultTop, NameDisplay.Masked, ShowBottom: false);

    public async Task RefreshAsync(CancellationToken stopping)
    {
        foreach (var branchId in _byBranch.Keys)
        {
            try
            {
                await FetchAsync(branchId).WaitAsync(stopping);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Refreshing the display policy of {Branch} failed; the last one stays in force", branchId);
            }
        }
    }
}
