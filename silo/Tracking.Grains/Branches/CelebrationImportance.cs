using Tracking.Abstractions.Contracts;
using Tracking.Domain.Celebrations;

namespace Tracking.Grains.Branches;

/// <summary>Which celebration stands for a merged group: the more important kind, then the bigger value.</summary>
internal sealed class CelebrationImportance : IComparer<CelebrationView>
{
    public static CelebrationImportance Instance { get; } = new();

    public int Compare(CelebrationView? x, CelebrationView? y) => (Kind(x), x?.Value ?? 0m).CompareTo((Kind(y), y?.Value ?? 0m));

    private static CelebrationKind Kind(CelebrationView? c) => CelebrationKinds.TryParse(c?.Kind, out var kind) ? kind : CelebrationKind.Policy;
}
