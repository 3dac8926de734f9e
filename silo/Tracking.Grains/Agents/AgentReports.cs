using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;

namespace Tracking.Grains.Agents;

/// <summary>
/// What the agent tells its teams and branches: absolute, versioned totals of the periods its applied events
/// touched (one-way: ingest never waits for an aggregate), and the sales its branch celebrates.
/// </summary>
public sealed class AgentReports(string agentId, AgentLedger ledger, AgentRenewals renewals, AgentProfile profile, IGrainFactory grains, TimeProvider time)
{
    private readonly GrainReferenceCache<ITeamGrain> _teams = new(grains, capacity: 64);
    private readonly GrainReferenceCache<IBranchGrain> _branches = new(grains, capacity: 64);
    private long _version;

    /// <summary>Totals of every period the agent holds: what a team or branch asks for when it activates.</summary>
    public AgentTotalsReport All()
    {
        var days = ledger.Buckets.Select(b => b.Day).Concat(renewals.DueDates).Distinct();
        var periods = days.SelectMany(PeriodKey.AllContaining).Distinct();
        return new AgentTotalsReport(agentId, VersionClock.Next(ref _version, time), periods.Select(PeriodReport).ToArray());
    }

    /// <summary>Sends the totals of every period containing a touched day to each team credited in them and to its branch.</summary>
    public void Send(IEnumerable<DateOnly> touchedDays) => Send(Route(touchedDays));

    /// <summary>The totals of every period containing a touched day, for each team credited in them and its branch.</summary>
    public RoutedReport Route(IEnumerable<DateOnly> touchedDays)
    {
        var periods = touchedDays.SelectMany(PeriodKey.AllContaining).Distinct().ToArray();
        var report = new AgentTotalsReport(agentId, VersionClock.Next(ref _version, time), periods.Select(PeriodReport).ToArray());
        var teams = report.Periods.SelectMany(p => p.Shares).Select(s => s.TeamId).Distinct(StringComparer.Ordinal).ToArray();
        var branches = teams.Select(profile.BranchOf).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return new RoutedReport(report, teams, branches);
    }

    public void Send(RoutedReport routed)
    {
        foreach (var team in routed.Teams) _teams[team].Report(routed.Report);
        foreach (var branch in routed.Branches) _branches[branch].Report(routed.Report);
    }

    /// <summary>The agent's items changed: its current team reads its items at risk again (one-way, nothing waits).</summary>
    public void RenewalsChanged() => _teams[profile.TeamAt(time.GetUtcNow())].RenewalsChanged(agentId);

    /// <summary>A sale for the branch of the agent's current team to celebrate.</summary>
    public void CelebrateSale(decimal premium, DateTimeOffset at)
    {
        var info = profile.Info!;
        if (profile.BranchOf(info.TeamId) is not { } branchId) return;
        _branches[branchId].Celebrate(new CelebrationView(branchId, agentId, info.Name, "policy", premium, at, NameHidden: info.NameHidden));
    }

    /// <summary>The period's totals per team: what the team's days hold, with the renewal items due in it while the agent was there.</summary>
    private AgentPeriodReport PeriodReport(PeriodKey period)
    {
        var byTeam = ledger.TotalsByTeam(period);
        var renewalsByTeam = renewals.TotalsByTeam(period, profile);
        foreach (var (team, figures) in renewalsByTeam) figures.AddTo(AgentLedger.TotalsOf(byTeam, team).Values);
        var shares = new TeamShare[byTeam.Count];
        for (var i = 0; i < shares.Length; i++) shares[i] = new TeamShare(byTeam[i].TeamId, byTeam[i].Totals);
        return new AgentPeriodReport(period, shares);
    }
}
