namespace Tracking.Domain.Alerts;

/// <summary>
/// When an agent judged now must be judged again if nothing is reported in between. Inside one working window of
/// one branch-local day, time alone moves behindPace and inactive only one way (what is expected so far and the
/// quiet hours grow), so judging the agent's unchanged totals at a later instant tells whether anything could change
/// before it: when the same conditions hold then as now (and the agent's membership and any cool-down do not
/// change in between), nothing can, and the agent waits until then instead of being judged at every tick.
/// Pure: the caller supplies the snapshots, the conditions that hold now and the book's alerts.
/// </summary>
/// <remarks>
/// The caller still judges everybody when working time begins or ends, on a new day, and when the rules, targets
/// or members change; an agent who reports is judged at the next tick whatever this says.
/// </remarks>
public static class AlertSchedule
{
    /// <summary>How far ahead an agent's standing is projected: the longest an unchanged agent waits between judgements.</summary>
    public static readonly TimeSpan DefaultLookahead = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The instant each agent of <paramref name="agents"/> must be judged again at the latest: <paramref name="now"/>
    /// (the next tick) when time alone may change what holds for it before <paramref name="now"/> +
    /// <paramref name="lookahead"/>, else that instant or the end of a cool-down that falls before it.
    /// </summary>
    /// <param name="holdingNow">The behindPace and inactive conditions that hold for these agents now.</param>
    /// <param name="activeAt">Whether an agent counts in the team at an instant (memberships change at instants).</param>
    /// <param name="alerts">The team's alerts after this judgement (for the cool-downs that end soon).</param>
    public static Dictionary<string, DateTimeOffset> NextJudgements(
        IReadOnlyList<AlertAgentSnapshot> agents,
        IReadOnlyCollection<AlertCondition> holdingNow,
        AlertSettings settings,
        PaceCalculator pace,
        DateTimeOffset now,
        TimeSpan lookahead,
        Func<string, DateTimeOffset, bool> activeAt,
        IReadOnlyList<Alert> alerts)
    {
        var next = new Dictionary<string, DateTimeOffset>(agents.Count, StringComparer.Ordinal);
        var ahead = now + lookahead;
        var calendar = pace.Calendar;
        var sameWindow = calendar.IsWorkingTime(now) && calendar.IsWorkingTime(ahead)
            && calendar.Clock.LocalDate(ahead) == calendar.Clock.LocalDate(now)
            && calendar.WorkingTimeBetween(now, ahead) == lookahead;
        if (!sameWindow)
        {
            foreach (var agent in agents) next[agent.AgentId] = now;
            return next;
        }

        var later = AlertEvaluator.Evaluate(agents.Select(a => a with { Active = activeAt(a.AgentId, ahead) }).ToArray(), settings, pace, ahead);
        var nowKeys = holdingNow.Select(c => c.Key).ToHashSet();
        var laterKeys = later.Select(c => c.Key).ToHashSet();
        var changing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in nowKeys) if (!laterKeys.Contains(key)) changing.Add(key.AgentId);
        foreach (var key in laterKeys) if (!nowKeys.Contains(key)) changing.Add(key.AgentId);
        foreach (var agent in agents)
            next[agent.AgentId] = changing.Contains(agent.AgentId) || agent.Active != activeAt(agent.AgentId, ahead) ? now : ahead;

        // A condition kept quiet by a cool-down is raised when the cool-down ends.
        foreach (var alert in alerts)
        {
            if (alert.AcknowledgedAt is not { } acknowledged) continue;
            var ends = acknowledged + settings.Cooldown;
            if (ends > now && next.TryGetValue(alert.AgentId, out var at) && ends < at) next[alert.AgentId] = ends;
        }
        return next;
    }
}
