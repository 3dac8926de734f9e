using Tracking.Domain.Renewals;

namespace Tracking.Grains.Agents;

/// <summary>Settings of renewal collection (configuration section <c>Renewals</c>).</summary>
public sealed class RenewalOptions
{
    /// <summary>Days after its due date an item may still be collected; it lapses at the next branch-local midnight.</summary>
    public int GraceDays { get; set; } = RenewalBook.DefaultGraceDays;
}
