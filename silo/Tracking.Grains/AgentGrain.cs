using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Abstractions.Storage;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.Grains.Views;

namespace Tracking.Grains;

[GenerateSerializer, Alias("tracking.agent-profile-state")]
public sealed class AgentProfileState
{
    [Id(0)] public AgentInfo? Info { get; set; }
    [Id(1)] public List<MembershipChange> Membership { get; set; } = [];
    /// <summary>The branch of every team the agent has been in, so reports reach the right branches.</summary>
    [Id(2)] public Dictionary<string, string> BranchOfTeam { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public string TimeZone { get; set; } = "UTC";
    /// <summary>The campaigns of each branch the agent belongs to, kept so that replay tallies exactly what was tallied live.</summary>
    [Id(4)] public Dictionary<string, CampaignList> Campaigns { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A snapshot of an agent's ledger: replay of the log after <see cref="LastSequence"/> completes it.</summary>
[GenerateSerializer, Alias("tracking.agent-ledger-snapshot")]
public sealed class AgentLedgerSnapshot
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public List<LedgerBucket> Buckets { get; set; } = [];
    [Id(2)] public List<PolicyRecord> Policies { get; set; } = [];
    [Id(3)] public List<CampaignTally> CampaignTallies { get; set; } = [];
}

public sealed class LedgerOptions
{
    /// <summary>Accepted events between two snapshots of an agent's ledger: bounds what activation replays.</summary>
    public int SnapshotEvery { get; set; } = 500;
}

/// <summary>
/// The single writer of one agent's events. Its counters are a cache of the event log, rebuilt by
/// replay on activation; teams and branches get absolute, versioned totals after every change, and so
/// do the campaigns the agent takes part in (it tallies its own events for them).
/// </summary>
public sealed class AgentGrain(
    [PersistentState("agent", "tracking")] IPersistentState<AgentProfileState> profile,
    [PersistentState("agentLedger", "tracking")] IPersistentState<AgentLedgerSnapshot> snapshot,
    IOptions<LedgerOptions> ledgerOptions,
    IEventLog log,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, ICampaignMemberGrain
{
    /// <summary>
    /// How long a branch's campaign list is trusted before the next batch asks the branch again. Branches push
    /// every change; asking now and then heals a push lost with a node.
    /// </summary>
    public static readonly TimeSpan CampaignListRefresh = TimeSpan.FromSeconds(30);

    private readonly AgentLedger _ledger = new();
    private readonly CampaignTallies _tallies = new();
    private readonly Dictionary<string, DateTimeOffset> _campaignListsCheckedAt = new(StringComparer.Ordinal);
    /// <summary>Until when every branch's campaign list is fresh: a batch before then asks nobody (the ingest fast path).</summary>
    private DateTimeOffset _campaignListsFreshUntil = DateTimeOffset.MinValue;
    private long _campaignVersion;
    private long _lastSequence;
    private int _sinceSnapshot;
    private bool _mustCatchUp;
    private long _reportVersion;
    private DateOnly _newestDay;
    private BranchClock _clock = BranchClock.For("UTC");
    private MembershipHistory _membership = new();

    private string AgentId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (profile.State.Info is null) return;
        _clock = BranchClock.For(profile.State.TimeZone);
        _membership = new MembershipHistory(profile.State.Membership);
        _ledger.Restore(snapshot.State.Buckets, snapshot.State.Policies);
        _tallies.Restore(snapshot.State.CampaignTallies);
        _lastSequence = snapshot.State.LastSequence;
        _newestDay = snapshot.State.Buckets.Select(b => b.Day).DefaultIfEmpty().Max();
        var replayed = await ReplayAsync(cancellationToken);
        _sinceSnapshot = replayed;
        if (replayed > 0) logger.LogDebug("Agent {AgentId} replayed {Count} events up to sequence {Sequence}", AgentId, replayed, _lastSequence);
    }

    /// <summary>Applies what the log holds after the last applied sequence; returns how many events that was.</summary>
    private async Task<int> ReplayAsync(CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        var touchedDays = new HashSet<DateOnly>();
        var touchedCampaigns = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var logged in log.ReadAsync(AgentId, _lastSequence, cancellationToken))
        {
            // The log's acceptance time decides a campaign's freeze, as it did live.
            touchedDays.Add(Apply(logged.Event, ArrivalOf(logged.RecordedAt, logged.Sequence), logged.RecordedAt, touchedCampaigns));
            _lastSequence = logged.Sequence;
            replayed++;
        }
        // Events committed by an earlier activation that died before reporting them: report them now.
        if (touchedDays.Count > 0) SendReports(touchedDays);
        SendCampaignReports(touchedCampaigns);
        return replayed;
    }

    /// <summary>After a failed append: take in whatever of it (or of another writer) the log did store.</summary>
    private async Task CatchUpAsync()
    {
        try
        {
            _sinceSnapshot += await ReplayAsync();
            _mustCatchUp = false;
        }
        catch (Exception ex) when (ex is not EventLogUnavailableException)
        {
            throw new EventLogUnavailableException($"The event log could not be read: {ex.GetBaseException().Message}", ex);
        }
    }

    /// <remarks>An in-memory store is going away with the process: saving to it on shutdown would be wasted.</remarks>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _sinceSnapshot > 0 && (log.IsDurable || reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
            ? WriteSnapshotAsync()
            : Task.CompletedTask;

    public Task<AgentInfo?> GetInfo() => Task.FromResult(profile.State.Info);

    public async Task Upsert(AgentInfo info, TeamInfo team)
    {
        var branch = await GrainFactory.GetGrain<IBranchGrain>(team.BranchId).GetInfo()
            ?? throw new InvalidOperationException($"Branch '{team.BranchId}' of team '{team.Id}' is not known.");
        var state = profile.State;
        var previousTeams = state.Membership.Select(m => m.TeamId).ToHashSet(StringComparer.Ordinal);

        _membership.Upsert(new MembershipChange(info.EffectiveFrom, info.TeamId, info.Active));
        state.Membership = _membership.Changes.ToList();
        state.BranchOfTeam[team.Id] = team.BranchId;
        state.TimeZone = branch.TimeZone;
        // The stored record is the latest state: the change with the latest effective date.
        var latest = _membership.Latest!;
        state.Info = info with { TeamId = latest.TeamId, Active = latest.Active, EffectiveFrom = latest.EffectiveFrom };
        await profile.WriteStateAsync();
        _clock = BranchClock.For(state.TimeZone);
        _campaignListsFreshUntil = DateTimeOffset.MinValue; // a new branch may have come with the new team

        var member = new MemberInfo(AgentId, info.Name, state.Membership.ToArray());
        var teams = state.Membership.Select(m => m.TeamId).Concat(previousTeams).Distinct(StringComparer.Ordinal).ToArray();
        await Task.WhenAll(teams.Select(t => GrainFactory.GetGrain<ITeamGrain>(t).UpsertMember(member)));
        await Task.WhenAll(teams.Select(t => state.BranchOfTeam[t]).Distinct(StringComparer.Ordinal)
            .Select(b => GrainFactory.GetGrain<IBranchGrain>(b).UpsertMember(member)));
    }

    public Task<RecordResult> Check(IReadOnlyList<ActivityEvent> events)
    {
        if (profile.State.Info is null)
            return Task.FromResult(RecordResult.Failed(RecordStatus.UnknownAgent, [new EventError(0, "agentId", $"Agent '{AgentId}' is not known.")]));
        var violations = _ledger.CheckPolicies(events);
        return Task.FromResult(violations.Count == 0
            ? RecordResult.Ok(0, 0)
            : RecordResult.Failed(RecordStatus.Rejected, violations.Select(v => new EventError(v.Index, FieldOf(events[v.Index]), v.Reason)).ToArray()));
    }

    public async Task<RecordResult> Record(IReadOnlyList<ActivityEvent> events)
    {
        var check = await Check(events);
        if (check.Status != RecordStatus.Ok) return check;

        await RefreshCampaignListsAsync();
        AppendResult appended;
        try
        {
            if (_mustCatchUp) await CatchUpAsync();
            appended = await log.AppendAsync(AgentId, _lastSequence, events);
        }
        catch (Exception ex) when (ex is EventLogUnavailableException or EventLogSequenceConflictException)
        {
            // The outcome of a failed append may be unknown (a commit cut off mid-way), and a conflict means
            // the log holds more than this grain applied: read the log again before the next append.
            _mustCatchUp = true;
            logger.LogWarning("Append for agent {AgentId} failed: {Message}", AgentId, ex.Message);
            var retryAfter = ex is EventLogUnavailableException unavailable ? unavailable.RetryAfter : TimeSpan.FromSeconds(1);
            return RecordResult.Failed(RecordStatus.Unavailable, [new EventError(0, "", "The event store is unavailable; nothing was recorded.")], retryAfter);
        }

        var now = time.GetUtcNow();
        var arrivalBase = ArrivalOf(now, 0);
        var today = _clock.LocalDate(now);
        var touchedDays = new HashSet<DateOnly>();
        var touchedCampaigns = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            if (!appended.Accepted[i]) continue;
            var day = Apply(events[i], arrivalBase + i, now, touchedCampaigns);
            touchedDays.Add(day);
            // A sale made today is news for the office; one reported days late is not.
            if (events[i].Policy is { } sold && day == today) Celebrate("policy", sold.Premium, events[i].OccurredAt);
        }
        _lastSequence = appended.LastSequence;
        _sinceSnapshot += appended.AcceptedCount;

        if (touchedDays.Count > 0) SendReports(touchedDays);
        SendCampaignReports(touchedCampaigns);
        if (_sinceSnapshot >= ledgerOptions.Value.SnapshotEvery) await WriteSnapshotAsync();
        return RecordResult.Ok(appended.AcceptedCount, appended.DuplicateCount);
    }

    public async Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate)
    {
        if (profile.State.Info is null) return null;
        var now = time.GetUtcNow();
        var period = PeriodKey.Containing(kind, localDate ?? _clock.LocalDate(now));
        var (_, end) = _clock.Bounds(period);
        // Targets follow the team the agent is in at the end of the period (or now, for a running one).
        var teamId = TeamAt(now < end ? now : end.AddTicks(-1));
        var branchId = profile.State.BranchOfTeam[teamId];
        var context = await GrainFactory.GetGrain<IBranchGrain>(branchId).GetContext();
        if (context is null) return null;
        var composer = new StatsComposer(context);
        return composer.Compose(period, now, _ledger.Totals(period).Values, TargetOwner.Agent(AgentId, teamId, branchId)) with
        {
            AgentId = AgentId,
            TeamId = teamId,
            BranchId = branchId,
        };
    }

    public async Task CampaignsChanged(string branchId, CampaignList campaigns)
    {
        _campaignListsCheckedAt[branchId] = time.GetUtcNow();
        await StoreCampaignListAsync(branchId, campaigns);
    }

    public Task<CampaignTallyReport> GetCampaignReport(string campaignId) => Task.FromResult(CampaignReport(campaignId));

    public Task<AgentTotalsReport> GetReport()
    {
        var periods = _ledger.Buckets.Select(b => b.Day).Distinct().SelectMany(PeriodKey.AllContaining).Distinct();
        return Task.FromResult(new AgentTotalsReport(AgentId, VersionClock.Next(ref _reportVersion, time), periods.Select(PeriodReport).ToArray()));
    }

    /// <summary>
    /// Saves the ledger so that activation replays only what came after. A failed write loses nothing
    /// (the log holds every event); the next one is simply attempted later.
    /// </summary>
    private async Task WriteSnapshotAsync()
    {
        snapshot.State.LastSequence = _lastSequence;
        // Copies: the live buckets keep changing after this write, the snapshot must not.
        snapshot.State.Buckets = _ledger.Buckets.Select(b => b with { Totals = b.Totals.Clone() }).ToList();
        snapshot.State.Policies = _ledger.Policies.Values.ToList();
        _tallies.Prune(time.GetUtcNow() - CampaignTallies.KeepAfterFreeze);
        snapshot.State.CampaignTallies = _tallies.All.Select(t => t.Clone()).ToList();
        try
        {
            await snapshot.WriteStateAsync();
            _sinceSnapshot = 0;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Snapshot of agent {AgentId} at sequence {Sequence} failed; will retry", AgentId, _lastSequence);
        }
    }

    /// <summary>
    /// Applies an accepted event to the ledger and, credited to the same team and its branch, to the tallies of
    /// that branch's campaigns (<paramref name="recordedAt"/> decides whether a campaign is frozen).
    /// </summary>
    private DateOnly Apply(ActivityEvent e, long arrival, DateTimeOffset recordedAt, ISet<string> touchedCampaigns)
    {
        var day = _clock.LocalDate(e.OccurredAt);
        var teamId = TeamAt(e.OccurredAt);
        if (_ledger.Apply(e, day, teamId, arrival) && profile.State.BranchOfTeam.GetValueOrDefault(teamId) is { } branchId)
            _tallies.Apply(CampaignsOf(branchId), e, teamId, branchId, arrival, recordedAt, touchedCampaigns);
        if (day > _newestDay)
        {
            _newestDay = day;
            _ledger.Prune(day);
        }
        return day;
    }

    private string TeamAt(DateTimeOffset instant) => _membership.TeamAt(instant) ?? profile.State.Info!.TeamId;

    private void SendReports(IEnumerable<DateOnly> touchedDays)
    {
        var periods = touchedDays.SelectMany(PeriodKey.AllContaining).Distinct().ToArray();
        var report = new AgentTotalsReport(AgentId, VersionClock.Next(ref _reportVersion, time), periods.Select(PeriodReport).ToArray());
        var teams = report.Periods.SelectMany(p => p.Shares).Select(s => s.TeamId).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var team in teams) GrainFactory.GetGrain<ITeamGrain>(team).Report(report);
        foreach (var branch in teams.Select(t => profile.State.BranchOfTeam.GetValueOrDefault(t)).OfType<string>().Distinct(StringComparer.Ordinal))
            GrainFactory.GetGrain<IBranchGrain>(branch).Report(report);
    }

    private IReadOnlyList<CampaignRegistration> CampaignsOf(string branchId) =>
        profile.State.Campaigns.TryGetValue(branchId, out var list) ? list.Campaigns : [];

    /// <summary>Absolute tallies to the campaigns they changed (one-way: ingest never waits for a campaign).</summary>
    private void SendCampaignReports(IEnumerable<string> campaignIds)
    {
        foreach (var campaignId in campaignIds) GrainFactory.GetGrain<ICampaignGrain>(campaignId).Report(CampaignReport(campaignId));
    }

    private CampaignTallyReport CampaignReport(string campaignId) =>
        new(campaignId, AgentId, VersionClock.Next(ref _campaignVersion, time), _tallies.Find(campaignId)?.Credits ?? []);

    /// <summary>Asks the agent's branches for their campaigns when the held lists are older than <see cref="CampaignListRefresh"/>.</summary>
    private async Task RefreshCampaignListsAsync()
    {
        var now = time.GetUtcNow();
        if (now < _campaignListsFreshUntil) return;
        var freshUntil = DateTimeOffset.MaxValue;
        foreach (var branchId in profile.State.BranchOfTeam.Values.Distinct(StringComparer.Ordinal).ToArray())
        {
            if (!_campaignListsCheckedAt.TryGetValue(branchId, out var checkedAt) || now < checkedAt || now - checkedAt >= CampaignListRefresh)
            {
                try
                {
                    var list = await GrainFactory.GetGrain<IBranchGrain>(branchId).GetCampaigns();
                    _campaignListsCheckedAt[branchId] = checkedAt = now;
                    await StoreCampaignListAsync(branchId, list);
                }
                catch (Exception ex)
                {
                    // Ingest goes on with the list held; the next batch asks again.
                    logger.LogWarning(ex, "Agent {AgentId}: the campaigns of branch {BranchId} could not be read", AgentId, branchId);
                    freshUntil = now;
                    continue;
                }
            }
            if (checkedAt + CampaignListRefresh < freshUntil) freshUntil = checkedAt + CampaignListRefresh;
        }
        _campaignListsFreshUntil = freshUntil;
    }

    private async Task StoreCampaignListAsync(string branchId, CampaignList list)
    {
        if (profile.State.Info is null) return;
        if (profile.State.Campaigns.TryGetValue(branchId, out var held) && held.Version >= list.Version) return;
        profile.State.Campaigns[branchId] = list;
        await profile.WriteStateAsync();
    }

    private void Celebrate(string kind, decimal value, DateTimeOffset at)
    {
        var info = profile.State.Info!;
        if (profile.State.BranchOfTeam.GetValueOrDefault(info.TeamId) is not { } branchId) return;
        GrainFactory.GetGrain<IBranchGrain>(branchId).Celebrate(new CelebrationView(branchId, AgentId, info.Name, kind, value, at));
    }

    private AgentPeriodReport PeriodReport(PeriodKey period) =>
        new(period, _ledger.TeamsIn(period).Select(team => new TeamShare(team, _ledger.Totals(period, team))).ToArray());

    /// <summary>Arrival order across agents: the log's acceptance time in microseconds, then position.</summary>
    private static long ArrivalOf(DateTimeOffset recordedAt, long position) =>
        (recordedAt - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond * 1000 + position % 1000;

    private static string FieldOf(ActivityEvent e) => e.Type switch
    {
        ActivityType.Cancellation => "cancellation.policyId",
        ActivityType.Policy => "policy.policyId",
        _ => "eventId",
    };
}
