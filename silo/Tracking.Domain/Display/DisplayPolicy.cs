namespace Tracking.Domain.Display;

/// <summary>How a branch's display screens show agents' names: as stored, shortened to an initial, or not at all.</summary>
public enum NameDisplay { Full, Initial, Masked }

/// <summary>
/// What a branch's display screens (display tokens) may see of a leaderboard or scoreboard: at most
/// <see cref="Top"/> entries, names as <see cref="Names"/> says, and, without <see cref="ShowBottom"/>, only
/// the upper half of the ranking. Supervisors and admins are not bound by it.
/// </summary>
public sealed record DisplayPolicy(int Top = DisplayPolicy.DefaultTop, NameDisplay Names = NameDisplay.Full, bool ShowBottom = true)
{
    public const int MinTop = 1;
    public const int MaxTop = 500;
    public const int DefaultTop = 50;

    public static DisplayPolicy Default { get; } = new();

    /// <summary>
    /// The name a screen may show of an agent: null for an agent who asked not to be shown
    /// (<paramref name="hidden"/>), whatever the policy; otherwise shaped as <see cref="Names"/> says.
    /// </summary>
    public string? AgentName(string? name, bool hidden) => hidden ? null : DisplayNames.Shape(name, Names);

    /// <summary>The entries of a ranked list a screen may see (<see cref="DisplayCut"/>).</summary>
    public IReadOnlyList<T> Cut<T>(IReadOnlyList<T> ranked, Func<T, int> rankOf, int rankedCount) =>
        DisplayCut.Cut(ranked, rankOf, rankedCount, Top, ShowBottom);
}
