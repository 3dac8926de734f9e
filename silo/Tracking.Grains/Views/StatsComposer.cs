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
    }

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
        Attainment.ForAll(Targets.ResolveAll(TargetOwner.Agent(agentId, teamId, Branch.Id), period), values);

    public StatsView Compose(PeriodKey period, DateTimeOffset now, MetricValues values, TargetOwner owner, PeriodKpis? kpis = null)
    {
        var resolved = Targets.ResolveAll(owner, period);
        var targets = new Dictionary<string, decimal>(resolved.Count, StringComparer.Ordinal);
        foreach (var (metric, target) in resolved) targets[metric.Name()] = target.Value;
        return new StatsView(
            null, null, null,
            StatsViews.Period(period, Clock),
            StatsViews.MetricMap(values),
            targets,
            RatioMap(Attainment.ForAll(resolved, values)),
            RatioMap(Pace.PaceForAll(resolved, values, now)),
            kpis is null ? null : KpisView(kpis));
    }

    /// <summary>
    /// Stats of a team or a branch. Targets are set per agent (an agent's own, else its team's, else its
    /// branch's), so a unit's plan is the sum of its active members' targets, and its pace compares the
    /// unit's actual with the sum of what each member should have done by now.
    /// </summary>
    public StatsView ComposeUnit(PeriodKey period, DateTimeOffset now, MetricValues values, IEnumerable<(string AgentId, string TeamId)> activeMembers, PeriodKpis kpis)
    {
        var plan = new Dictionary<Metric, (decimal Target, decimal Expected)>();
        foreach (var (agentId, teamId) in activeMembers)
        {
            foreach (var (metric, target) in Targets.ResolveAll(TargetOwner.Agent(agentId, teamId, Branch.Id), period))
            {
                var (sum, expected) = plan.GetValueOrDefault(metric);
                plan[metric] = (sum + target.Value, expected + Pace.ExpectedSoFar(target, now));
            }
        }
        var targets = new Dictionary<string, decimal>(plan.Count, StringComparer.Ordinal);
        var attainment = new Dictionary<Metric, decimal?>(plan.Count);
        var pace = new Dictionary<Metric, decimal?>(plan.Count);
        foreach (var (metric, (target, expected)) in plan)
        {
            targets[metric.Name()] = target;
            attainment[metric] = Attainment.Of(values[metric], target);
            pace[metric] = expected > 0m ? Ratio.Of(values[metric], expected) : null;
        }
        return new StatsView(null, null, null, StatsViews.Period(period, Clock), StatsViews.MetricMap(values), targets,
            RatioMap(attainment), RatioMap(pace), KpisView(kpis));
    }

    private static Dictionary<string, decimal?> RatioMap(IReadOnlyDictionary<Metric, decimal?> ratios)
    {
        var map = new Dictionary<string, decimal?>(ratios.Count, StringComparer.Ordinal);
        foreach (var (metric, ratio) in ratios) map[metric.Name()] = Round(ratio, 4);
        return map;
    }

    private static KpisView KpisView(PeriodKpis k) => new(
        new HeadcountView(k.Headcount.Start, k.Headcount.End, k.Headcount.Average),
        k.ActiveAgents,
        Round(k.ActivityRate, 4),
        Round(k.PerCapitaFyp, 2),
        Round(k.Productivity, 2),
        Round(k.AveragePremiumPerCase, 2),
        Round(k.CasesPerCapita, 4),
        Round(k.ShareMeetingStandard, 4));

    /// <summary>Ratios are exact in the domain and rounded only here, for people to read.</summary>
    private static decimal? Round(decimal? value, int decimals) =>
        value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;
}

public static class BranchCalendars
{
    public static WorkingCalendar For(BranchInfo branch, BranchClock clock) => new(
        clock,
        branch.WorkingDays?.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)),
        branch.WorkingHours is { } hours ? TimeOnly.Parse(hours.Start, System.Globalization.CultureInfo.InvariantCulture) : null,
        branch.WorkingHours is { } h ? TimeOnly.Parse(h.End, System.Globalization.CultureInfo.InvariantCulture) : null);
}
