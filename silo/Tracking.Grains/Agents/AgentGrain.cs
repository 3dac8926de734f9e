using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Abstractions.Storage;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Renewals;

namespace Tracking.Grains.Agents;

/// <summary>
/// The single writer of one agent's events. Its counters are a cache of the event log, rebuilt by replay on
/// activation; teams and branches get absolute, versioned totals after every change, and so do the campaigns
/// the agent takes part in (it tallies its own events for them). The grain sequences its parts: the profile,
/// the journal (log and snapshots), the book (counters and policy rules), campaigns, reports and stats.
/// </summary>
public sealed class AgentGrain(
    [PersistentState("agent", "tracking")] IPersistentState<AgentProfileState> profileState,
    [PersistentState("agentLedger", "tracking")] IPersistentState<AgentLedgerSnapshot> snapshot,
    [PersistentState("agentRenewals", "tracking")] IPersistentState<AgentRenewalsState> renewalsState,
    IOptions<LedgerOptions> ledgerOptions,
    IOptions<RenewalOptions> renewalOptions,
    IOptions<IngestOptions> ingestOptions,
    IEventLog log,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, ICampaignMemberGrain
{
    private readonly AgentBook _book = new(ingestOptions.Value.MaxAgeDays);
    // What applied events touched, reported (and cleared) once the batch or replay is applied.
    private readonly HashSet<DateOnly> _touchedDays = [];
    private readonly HashSet<string> _touchedCampaigns = new(StringComparer.Ordinal);
    // Whether applied events paid towards uploaded renewal items (the team's renewalAtRisk judgement then reads them again).
    private bool _renewalItemsPaid;
    // The parts that need the grain's identity: made on activation, before any call is served.
    private AgentProfile _profile = null!;
    private AgentJournal _journal = null!;
    private AgentCampaigns _campaigns = null!;
    private AgentReports _reports = null!;
    private AgentStats _stats = null!;
    private AgentRenewals _renewals = null!;

    private string AgentId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _profile = new AgentProfile(AgentId, profileState);
        _journal = new AgentJournal(AgentId, log, snapshot, ledgerOptions.Value, logger);
        _campaigns = new AgentCampaigns(AgentId, _profile, GrainFactory, time, logger);
        _renewals = new AgentRenewals(renewalsState, renewalOptions.Value);
        _reports = new AgentReports(AgentId, _book.Ledger, _renewals, _profile, GrainFactory, time);
        _stats = new AgentStats(AgentId, _book.Ledger, _renewals, _profile, GrainFactory, time);
        if (_profile.Info is null) return;

        var restored = _journal.Restore();
        _book.Restore(restored);
        _campaigns.Restore(restored);
        _renewals.Restore(restored);
        if (AgentRenewals.MustRereadPayments(restored))
            await _journal.RereadSnapshottedAsync(l => _renewals.Apply(l.Event, _profile.Clock.LocalDate(l.Event.OccurredAt)), cancellationToken);
        var replayed = await _journal.ReplayAsync(ApplyLogged, cancellationToken);
        // Events committed by an earlier activation that died before reporting them: report them now.
        ReportTouched();
        if (replayed > 0) logger.LogDebug("Agent {AgentId} replayed {Count} events", AgentId, replayed);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _journal.SnapshotOnDeactivation(reason) ? WriteSnapshotAsync() : Task.CompletedTask;

    public Task<AgentInfo?> GetInfo() => Task.FromResult(_profile.Info);

    public async Task<MemberRouting> Upsert(AgentInfo info, TeamInfo team)
    {
        var branch = await GrainFactory.GetGrain<IBranchGrain>(team.BranchId).GetInfo()
            ?? throw new InvalidOperationException($"Branch '{team.BranchId}' of team '{team.Id}' is not known.");
        var (member, teams, branches) = await _profile.UpsertAsync(info, team, branch.TimeZone);
        _campaigns.BranchesChanged();
        return new MemberRouting(member, teams, branches);
    }

    public Task<RecordResult> Check(IReadOnlyList<ActivityEvent> events) => Task.FromResult(CheckNow(events));

    public async Task<RecordResult> Record(IReadOnlyList<ActivityEvent> events, CheckStamp checkedAt = default, bool reportsToCaller = false)
    {
        if (_profile.Info is null) return CheckNow(events);
        AppendResult appended;
        try
        {
            // First take in whatever a failed append left in the log: the check must see those policies too.
            if (_journal.IsBehind)
            {
                await _journal.CatchUpAsync(ApplyLogged);
                ReportTouched();
            }
            // One check per event. A passed Check answered with the stamp of the policies it checked against. The
            // grain is not held between that Check and this Record, so other batches of this agent may have been
            // recorded in between (or a catch-up above applied more); every applied sale or cancellation changes
            // the stamp. An unchanged stamp therefore proves the earlier check still holds and it is not repeated;
            // a changed one, or none (a request of one agent comes straight here), means checking now.
            if (checkedAt != _book.Stamp && CheckNow(events) is { IsRefused: true } refused) return refused;
            await _campaigns.RefreshListsAsync();
            appended = await _journal.AppendAsync(events);
        }
        catch (EventLogUnavailableException ex)
        {
            return RecordResult.Failed(RecordStatus.Unavailable, [new EventError(0, "", "The event store is unavailable; nothing was recorded.")], ex.RetryAfter);
        }

        var now = time.GetUtcNow();
        var arrivalBase = AgentBook.ArrivalOf(now, 0);
        var today = _profile.Clock.LocalDate(now);
        _renewalItemsPaid = false;
        for (var i = 0; i < events.Count; i++)
        {
            if (!appended.Accepted[i]) continue;
            var day = Apply(events[i], arrivalBase + i, now);
            // A sale made today is news for the office; one reported days late is not.
            if (events[i].Policy is { } sold && day == today) _reports.CelebrateSale(sold.Premium, events[i].OccurredAt);
        }
        var report = ReportTouched(reportsToCaller);
        if (_renewalItemsPaid) RenewalsChanged();
        if (_journal.SnapshotDue) await WriteSnapshotAsync();
        return RecordResult.Ok(appended.AcceptedCount, appended.DuplicateCount) with { Report = report };
    }

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate) => _stats.ForAsync(kind, localDate);

    public Task CampaignsChanged(string branchId, CampaignList campaigns) => _campaigns.ListChangedAsync(branchId, campaigns);

    public Task<CampaignTallyReport> GetCampaignReport(string campaignId) => Task.FromResult(_campaigns.ReportFor(campaignId));

    public async Task<CampaignTallyReport> Backfill(CampaignRegistration campaign, IReadOnlyList<string> branchIds, DateTimeOffset asOf)
    {
        if (_profile.Info is null) return _campaigns.ReportFor(campaign.CampaignId);
        // The campaign is registered with its branches before it asks: learning the lists now means every event
        // recorded after the log was read below is counted live (a push from the branch may still be on its way).
        _campaigns.ListsStale();
        await _campaigns.RefreshListsAsync();
        var report = _campaigns.Backfill(campaign, branchIds, asOf, await _journal.ReadAppliedAsync());
        // A snapshot now: replay on the next activation starts after it and would not count these events again.
        await WriteSnapshotAsync();
        return report;
    }

    public Task<AgentTotalsReport> GetReport() => Task.FromResult(_reports.All());

    public async Task<int> UpsertRenewals(IReadOnlyList<RenewalDue> items)
    {
        if (_profile.Info is null) throw new InvalidOperationException($"Agent '{AgentId}' is not known.");
        var count = await _renewals.UpsertAsync(items);
        // The periods of every item of these policies: their due amounts, or what a rematch of payments collected, changed.
        _reports.Send(_renewals.DueDatesOf(items).ToHashSet());
        RenewalsChanged();
        return count;
    }

    public Task<IReadOnlyList<RenewalItemView>> GetRenewals() =>
        Task.FromResult(_profile.Info is null ? [] : _renewals.Views(_profile.Clock.LocalDate(time.GetUtcNow())));

    public Task<IReadOnlyList<OpenRenewal>> GetRenewalsAtRisk(DateOnly today, int daysBeforeGraceEnd) =>
        Task.FromResult(_profile.Info is null ? [] : _renewals.Book.AtRisk(today, daysBeforeGraceEnd));

    /// <summary>The agent's current team judges renewalAtRisk by the agent's items: they changed.</summary>
    private void RenewalsChanged() => _reports.RenewalsChanged();

    /// <summary>The unknown agent, or the policy rules the batch breaks; passed with the current stamp otherwise.</summary>
    private RecordResult CheckNow(IReadOnlyList<ActivityEvent> events)
    {
        if (_profile.Info is null)
            return RecordResult.Failed(RecordStatus.UnknownAgent, [new EventError(0, "agentId", $"Agent '{AgentId}' is not known.")]);
        var errors = _book.Check(events);
        return errors.Count == 0 ? RecordResult.Passed(_book.Stamp) : RecordResult.Failed(RecordStatus.Rejected, errors);
    }

    /// <summary>An event from the log: the log's acceptance time decides its arrival order and a campaign's freeze, as it did live.</summary>
    private void ApplyLogged(LoggedEvent logged) =>
        Apply(logged.Event, AgentBook.ArrivalOf(logged.RecordedAt, logged.Sequence), logged.RecordedAt);

    /// <summary>
    /// Applies an accepted event to the counters and, credited to the same team and its branch, to the tallies of
    /// that branch's campaigns (<paramref name="recordedAt"/> decides whether a campaign is frozen).
    /// </summary>
    private DateOnly Apply(ActivityEvent e, long arrival, DateTimeOffset recordedAt)
    {
        var day = _profile.Clock.LocalDate(e.OccurredAt);
        var teamId = _profile.TeamAt(e.OccurredAt);
        if (_book.Apply(e, day, teamId, arrival)) _campaigns.Apply(e, teamId, arrival, recordedAt, _touchedCampaigns);
        _renewalItemsPaid |= _renewals.Apply(e, day, _touchedDays);
        _touchedDays.Add(day);
        return day;
    }

    /// <summary>Reports what applied events touched: sends it, or with <paramref name="toCaller"/> returns the totals for the caller to send.</summary>
    private RoutedReport? ReportTouched(bool toCaller = false)
    {
        RoutedReport? report = null;
        if (_touchedDays.Count > 0)
        {
            report = _reports.Route(_touchedDays);
            if (!toCaller) _reports.Send(report);
        }
        _campaigns.Report(_touchedCampaigns);
        _touchedDays.Clear();
        _touchedCampaigns.Clear();
        return toCaller ? report : null;
    }

    private Task WriteSnapshotAsync() => _journal.WriteSnapshotAsync(s =>
    {
        _book.CopyTo(s);
        _campaigns.CopyTo(s);
        _renewals.CopyTo(s);
    });
}
