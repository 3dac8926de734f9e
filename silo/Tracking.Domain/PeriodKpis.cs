namespace Tracking.Domain;

/// <summary>Headcount at the period's start and end, and their average ((start + end) ÷ 2).</summary>
public sealed record Headcount(int Start, int End, decimal Average);

/// <summary>
/// The KPIs of a team or branch for one period, as the contract's <c>kpis</c> object. Every ratio is
/// an exact decimal quotient (not rounded; round for display only) and null when its denominator is 0.
/// </summary>
public sealed record PeriodKpis(
    Headcount Headcount,
    int ActiveAgents,
    decimal? ActivityRate,
    decimal? PerCapitaFyp,
    decimal? Productivity,
    decimal? AveragePremiumPerCase,
    decimal? CasesPerCapita,
    decimal? ShareMeetingStandard,
    decimal? CollectionRate = null,
    decimal? EffectiveHeadcount = null,
    decimal? EffectiveRate = null,
    int? Stars = null)
{
    /// <summary>
    /// These KPIs with the period's effective headcount (see <see cref="Domain.EffectiveHeadcount"/>) and the
    /// effective rate = effective headcount ÷ average headcount; null stays null (a day, a week, a period not begun).
    /// </summary>
    public PeriodKpis WithEffective(decimal? effectiveHeadcount) => this with
    {
        EffectiveHeadcount = effectiveHeadcount,
        EffectiveRate = effectiveHeadcount is { } effective ? Ratio.Of(effective, Headcount.Average) : null,
    };
}

/// <summary>
/// One agent as seen by a team's or branch's KPIs: its membership history and its period values
/// credited to that team or branch (zero when nothing was credited there).
/// </summary>
public sealed record KpiAgent(string AgentId, MembershipHistory Membership, MetricValues Credited);

/// <summary>
/// Computes <see cref="PeriodKpis"/> as the design's KPI definitions say, for a unit (a team, or a
/// branch = the set of its teams) over a period.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Headcount start: agents active in the unit at the period's start instant (a change effective
/// exactly then counts). Headcount end: agents active in the unit at the last instant before the period's
/// end, or at <c>asOf</c> for a running period, i.e. at min(end − 1 tick, asOf), never before the start.
/// So an agent leaving exactly at the next period's start is still in this period's end headcount.</item>
/// <item>Active agents (实动人力): agents whose net policies credited to the unit in the period are &gt; 0,
/// including those who left or moved away before the period ended.</item>
/// <item>FYP and policies: the sums of the credited values of every agent given (leavers included).</item>
/// <item>Activity rate = active ÷ average headcount; per-capita FYP = FYP ÷ average headcount;
/// productivity = FYP ÷ active agents; average premium per case = FYP ÷ policies;
/// cases per capita = policies ÷ average headcount.</item>
/// <item>Collection rate = renewalDueCollected ÷ renewalDue of the credited values.</item>
/// <item>Share meeting standard = agents in the end headcount who have at least one target and attain
/// ≥ 1 on every metric that has a target ÷ end headcount. An agent without targets is not counted as
/// meeting (there is no standard to meet); null when no agent in the end headcount has any target.
/// A null attainment (a target of 0) is ignored, like a metric without a target.</item>
/// </list>
/// </remarks>
public static class KpiCalculator
{
    /// <param name="periodStart">Start instant of the period (inclusive).</param>
    /// <param name="periodEnd">End instant of the period (exclusive).</param>
    /// <param name="asOf">Now, for a running period; any instant at or after the end for a finished one.</param>
    /// <param name="unitTeamIds">The team, or all teams of the branch.</param>
    /// <param name="agents">Every agent that was a member or has credited values; others may be included too.</param>
    /// <param name="attainments">Each agent's attainment per metric that has a target (see <see cref="Attainment.ForAll"/>).</param>
    public static PeriodKpis Compute(
        DateTimeOffset periodStart,
        DateTimeOffset periodEnd,
        DateTimeOffset asOf,
        IReadOnlyCollection<string> unitTeamIds,
        IEnumerable<KpiAgent> agents,
        Func<string, IReadOnlyDictionary<Metric, decimal?>> attainments)
    {
        ArgumentNullException.ThrowIfNull(unitTeamIds);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(attainments);
        if (periodEnd <= periodStart) throw new ArgumentException("The period must end after it starts.", nameof(periodEnd));

        var headcountEndAt = EndHeadcountInstant(periodStart, periodEnd, asOf);

        int start = 0, end = 0, active = 0, meeting = 0;
        var anyTarget = false;
        decimal fyp = 0m, policies = 0m, renewalDue = 0m, renewalDueCollected = 0m;
        foreach (var agent in agents)
        {
            if (IsMember(agent.Membership, unitTeamIds, periodStart)) start++;
            fyp += agent.Credited[Metric.Fyp];
            policies += agent.Credited[Metric.Policies];
            renewalDue += agent.Credited[Metric.RenewalDue];
            renewalDueCollected += agent.Credited[Metric.RenewalDueCollected];
            if (agent.Credited[Metric.Policies] > 0m) active++;
            if (!IsMember(agent.Membership, unitTeamIds, headcountEndAt)) continue;

            end++;
            var attained = attainments(agent.AgentId).Values.Where(a => a is not null).Select(a => a!.Value).ToList();
            if (attained.Count == 0) continue;
            anyTarget = true;
            if (attained.TrueForAll(a => a >= 1m)) meeting++;
        }

        var average = (start + end) / 2m;
        return new PeriodKpis(
            new Headcount(start, end, average),
            active,
            ActivityRate: Ratio.Of(active, average),
            PerCapitaFyp: Ratio.Of(fyp, average),
            Productivity: Ratio.Of(fyp, active),
            AveragePremiumPerCase: Ratio.Of(fyp, policies),
            CasesPerCapita: Ratio.Of(policies, average),
            ShareMeetingStandard: anyTarget ? Ratio.Of(meeting, end) : null,
            CollectionRate: Ratio.Of(renewalDueCollected, renewalDue));
    }

    /// <summary>The same for a period given by its key, with bounds from the branch clock.</summary>
    public static PeriodKpis Compute(
        BranchClock clock,
        PeriodKey period,
        DateTimeOffset asOf,
        IReadOnlyCollection<string> unitTeamIds,
        IEnumerable<KpiAgent> agents,
        Func<string, IReadOnlyDictionary<Metric, decimal?>> attainments)
    {
        var (start, end) = clock.Bounds(period);
        return Compute(start, end, asOf, unitTeamIds, agents, attainments);
    }

    /// <summary>
    /// The instant a period's end headcount is taken at: its last instant, or <paramref name="asOf"/> for a running
    /// period, i.e. min(end − 1 tick, asOf), never before the start.
    /// </summary>
    public static DateTimeOffset EndHeadcountInstant(DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset asOf)
    {
        var lastInstant = periodEnd.AddTicks(-1);
        var at = asOf < lastInstant ? asOf : lastInstant;
        return at < periodStart ? periodStart : at;
    }

    private static bool IsMember(MembershipHistory membership, IReadOnlyCollection<string> teamIds, DateTimeOffset instant) =>
        membership.ActiveTeamAt(instant) is { } team && teamIds.Contains(team);
}
