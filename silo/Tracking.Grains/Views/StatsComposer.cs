using System.Collections.Concurrent;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Alerts;

namespace Tracking.Grains.Views;

/// <summary>
/// A branch's way of judging numbers: its clock, working calendar and targets. Turns a unit's metric
/// values for a period into the contract's stats (targets, attainment, pace, KPIs).
/// </summary>
public sealed class StatsComposer
{
    public StatsComposer(BranchContext context)
    {
        Branch = context.Info;
        Clock = BranchClock.For(context.Info.TimeZone);
        Calendar = BranchCalendars.For(context.Info, Clock);
        Targets = new TargetBook(context.Targets);
        Pace = new PaceCalculator(Calendar);
        AlertSettings = context.AlertSettings;
        EffectiveAgent = context.Info.EffectiveAgent.ToRule();
        StarBands = [.. context.Info.StarBands.Select(b => b.ToBand())];
    }

    /// <summary>Who counts as an effective agent in a month, by the branch's thresholds.</summary>
    public EffectiveAgentRule EffectiveAgent { get; }

    /// <summary>The branch's star bands for its quarters.</summary>
    public IReadOnlyList<StarBand> StarBands { get; }

    /// <summary>The branch's alert rules, if it set any.</summary>
    public AlertSettings? AlertSettings { get; }

    public BranchInfo Branch { get; }

    public BranchClock Clock { get; }

    public WorkingCalendar Calendar { get; }

    public TargetBook Targets { get; }

    public PaceCalculator Pace { get; }

    public PeriodKey PeriodOf(PeriodKind kind, DateOnly? localDate, DateTimeOffset now) =>
        PeriodKey.Containing(kind, localDate ?? Clock.LocalDate(now));

    /// <summary>Attainment of an agent on every metric that has a target for it (for share meeting standard).</summary>
    public IReadOnlyDictionary<Metric, decimal?> AgentAttainment(string agentId, string? teamId, PeriodKey period, MetricValues values) =>
        Attainment.ForAll(Targets.ResolveAll(TargetOwner.Agent(agentId, teamId, Branch.Id), period, values), values);

    public StatsView Compose(PeriodKey period, DateTimeOffset now, MetricValues values, TargetOwner owner, PeriodKpis? kpis = null)
    {
        var resolved = Targets.ResolveAll(owner, period, values);
        var targets = new Dictionary<string, decimal>(resolved.Count, StringComparer.Ordinal);
        var expected = new Dictionary<string, decimal>(resolved.Count, StringComparer.Ordinal);
        var pace = new Dictionary<Metric, decimal?>(resolved.Count);
        foreach (var (metric, target) in resolved)
        {
            // Expected once per metric: it is both the page's marker and the denominator of pace.
            var soFar = Pace.ExpectedSoFar(target, now);
            targets[metric.Name()] = target.Value;
            expected[metric.Name()] = Round(soFar, ExpectedDecimals);
            pace[metric] = PaceCalculator.PaceAgainst(values[metric], target.Value, soFar);
        }
        return new StatsView(
            null, null, null,
            StatsViews.Period(period, Clock),
            StatsViews.MetricMap(values),
            targets,
            RatioMap(Attainment.ForAll(resolved, values)),
            RatioMap(pace),
            kpis is null ? null : UnitKpisView(kpis, KpisScope.Team),
            ElapsedShare(period, now), expected, ElapsedShareByDay(period));
    }

    /// <summary>
    /// Stats of a team or a branch. Targets are set per agent (an agent's own, else its team's, else its
    /// branch's), so a unit's plan is the sum of its active members' targets, and its pace compares the
    /// unit's actual with the sum of what each member should have done by now.
    /// </summary>
    public StatsView ComposeUnit(PeriodKey period, DateTimeOffset now, MetricValues values, IEnumerable<(string AgentId, string TeamId, MetricValues Values)> activeMembers, PeriodKpis kpis, KpisScope scope = KpisScope.Team)
    {
        var plan = new Dictionary<Metric, (decimal Target, decimal Expected)>();
        foreach (var (agentId, teamId, memberValues) in activeMembers)
        {
            foreach (var (metric, target) in Targets.ResolveAll(TargetOwner.Agent(agentId, teamId, Branch.Id), period, memberValues))
            {
                var (sum, expected) = plan.GetValueOrDefault(metric);
                plan[metric] = (sum + target.Value, expected + Pace.ExpectedSoFar(target, now));
            }
        }
        var targets = new Dictionary<string, decimal>(plan.Count, StringComparer.Ordinal);
        var expectedMap = new Dictionary<string, decimal>(plan.Count, StringComparer.Ordinal);
        var attainment = new Dictionary<Metric, decimal?>(plan.Count);
        var pace = new Dictionary<Metric, decimal?>(plan.Count);
        foreach (var (metric, (target, expected)) in plan)
        {
            targets[metric.Name()] = target;
            expectedMap[metric.Name()] = Round(expected, ExpectedDecimals);
            attainment[metric] = Attainment.Of(values[metric], target);
            pace[metric] = expected > 0m ? Ratio.Of(values[metric], expected) : null;
        }
        return new StatsView(null, null, null, StatsViews.Period(period, Clock), StatsViews.MetricMap(values), targets,
            RatioMap(attainment), RatioMap(pace), UnitKpisView(kpis, scope), ElapsedShare(period, now), expectedMap, ElapsedShareByDay(period));
    }

    private const int ShareDecimals = 4;

    // Money is shown in whole units or cents, counts with at most two decimals.
    private const int ExpectedDecimals = 2;

    // The shape of a period's plan depends on the period alone, and a team renders its three periods on every push.
    private const int DayShareCacheLimit = 64;
    private readonly ConcurrentDictionary<PeriodKey, IReadOnlyList<decimal>> _sharesByDay = new();

    private decimal ElapsedShare(PeriodKey period, DateTimeOffset now) =>
        Round(Calendar.ElapsedShare(period, now), ShareDecimals);

    private IReadOnlyList<decimal> ElapsedShareByDay(PeriodKey period)
    {
        if (_sharesByDay.TryGetValue(period, out var cached)) return cached;
        if (_sharesByDay.Count >= DayShareCacheLimit) _sharesByDay.Clear();
        var shares = Calendar.ElapsedShareByDay(period);
        for (var i = 0; i < shares.Length; i++) shares[i] = Round(shares[i], ShareDecimals);
        return _sharesByDay[period] = shares;
    }

    private static Dictionary<string, decimal?> RatioMap(IReadOnlyDictionary<Metric, decimal?> ratios)
    {
        var map = new Dictionary<string, decimal?>(ratios.Count, StringComparer.Ordinal);
        foreach (var (metric, ratio) in ratios) map[metric.Name()] = Round(ratio, ShareDecimals);
        return map;
    }

    /// <summary>An agent's KPIs: the collection rate of the renewal items due in the period.</summary>
    public static KpisView AgentKpis(MetricValues values) =>
        KpisView.ForAgent(Round(Ratio.Of(values[Metric.RenewalDueCollected], values[Metric.RenewalDue]), 4));

    private static KpisView UnitKpisView(PeriodKpis k, KpisScope scope) => new(
        new HeadcountView(k.Headcount.Start, k.Headcount.End, k.Headcount.Average),
        k.ActiveAgents,
        Round(k.ActivityRate, 4),
        Round(k.PerCapitaFyp, 2),
        Round(k.Productivity, 2),
        Round(k.AveragePremiumPerCase, 2),
        Round(k.CasesPerCapita, 4),
        Round(k.ShareMeetingStandard, 4),
        Round(k.CollectionRate, 4),
        Round(k.EffectiveHeadcount, 4),
        Round(k.EffectiveRate, 4),
        k.Stars,
        scope);

    /// <summary>Ratios are exact in the domain and rounded only here, for people to read.</summary>
    private static decimal? Round(decimal? value, int decimals) =>
        value is { } v ? Round(v, decimals) : null;

    private static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}

public static class BranchCalendars
{
    public static WorkingCalendar For(BranchInfo branch, BranchClock clock) => new(
        clock,
        branch.WorkingDays?.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)),
        branch.WorkingHours is { } hours ? TimeOnly.Parse(hours.Start, System.Globalization.CultureInfo.InvariantCulture) : null,
        branch.WorkingHours is { } h ? TimeOnly.Parse(h.End, System.Globalization.CultureInfo.InvariantCulture) : null);
}
