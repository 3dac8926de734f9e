using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Renewals;
using Tracking.Grains.Views;

namespace Tracking.Grains.Agents;

/// <summary>An agent's stats: its own totals of a period, measured against the targets of the team it was in.</summary>
public sealed class AgentStats(string agentId, AgentLedger ledger, AgentRenewals renewals, AgentProfile profile, IGrainFactory grains, TimeProvider time)
{
    /// <summary>The stats of the period of the given kind containing <paramref name="localDate"/> (default today); null for an unknown agent.</summary>
    public async Task<StatsView?> ForAsync(PeriodKind kind, DateOnly? localDate)
    {
        if (profile.Info is null) return null;
        var now = time.GetUtcNow();
        var period = PeriodKey.Containing(kind, localDate ?? profile.Clock.LocalDate(now));
        var (_, end) = profile.Clock.Bounds(period);
        // Targets follow the team the agent is in at the end of the period (or now, for a running one).
        var teamId = profile.TeamAt(now < end ? now : end.AddTicks(-1));
        var branchId = profile.BranchOf(teamId)!;
        var context = await grains.GetGrain<IBranchGrain>(branchId).GetContext();
        if (context is null) return null;
        var composer = new StatsComposer(context);
        // The events of the period, and the renewal items due in it with what is collected on them so far.
        var values = ledger.Totals(period).Values;
        renewals.Book.Totals(period).AddTo(values);
        var stats = composer.Compose(period, now, values, TargetOwner.Agent(agentId, teamId, branchId));
        return stats with { AgentId = agentId, TeamId = teamId, BranchId = branchId, Kpis = StatsComposer.AgentKpis(values) };
    }
}
