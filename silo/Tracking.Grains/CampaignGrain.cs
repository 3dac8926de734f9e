using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;
using Tracking.Grains.Campaigns;
using Tracking.Grains.Push;

namespace Tracking.Grains;

/// <summary>A campaign's rules, the latest tally of each agent, and, once frozen, the final standings.</summary>
[GenerateSerializer, Alias("tracking.campaign-state")]
public sealed class CampaignState
{
    [Id(0)] public CampaignRules? Rules { get; set; }
    /// <summary>The branches the campaign is registered with (so an edit can unregister the ones it no longer involves).</summary>
    [Id(1)] public List<string> Branches { get; set; } = [];
    [Id(2)] public List<CampaignTallyReport> Tallies { get; set; } = [];
    /// <summary>Set at the freeze: from then on the scoreboard is this list, whatever else happens.</summary>
    [Id(3)] public List<CampaignEntryView>? Final { get; set; }
    [Id(4)] public bool WinnersAnnounced { get; set; }
}

/// <summary>
/// A campaign (sprint): its agents tally their own events for it and send absolute, versioned tallies; it
/// ranks the participants, pushes <c>campaign:{id}</c>, moves from scheduled to running to finished on the
/// product clock, and freezes when the grace period ends, collecting every tally once more first (a report
/// lost on the way heals), then cheering the winner on the participating branches' screens.
/// </summary>
/// <remarks>
/// Time: a grain timer looks at the product clock every second while the campaign is active, so start,
/// end and freeze happen on time; a durable reminder (at the next of those moments, then every minute until
/// it is dealt with) brings the campaign back after a deactivation or a node failure. Tallies are written
/// behind (at most once a tick); a lost write heals from the agents on the next activation.
/// </remarks>
public sealed class CampaignGrain(
    [PersistentState("campaign", "tracking")] IPersistentState<CampaignState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions,
    ILogger<CampaignGrain> logger) : TopicOwnerGrain(time, pushOptions), ICampaignGrain, IRemindable
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Reminders are not meant for far-off dates: one due later than this fires early and is set again.</summary>
    private static readonly TimeSpan LongestReminderWait = TimeSpan.FromDays(7);

    /// <summary>A tally naming a participant the roster lacks (an agent who joined since) reloads the roster, at most this often.</summary>
    private static readonly TimeSpan RosterReloadSpacing = TimeSpan.FromSeconds(5);

    private const string ClockReminder = "campaign-clock";

    private CampaignStandings _standings = new();
    private CampaignRoster _roster = CampaignRoster.Empty;
    private DateTimeOffset _rosterAt = DateTimeOffset.MinValue;
    private CampaignStatus? _shownStatus;
    private IGrainTimer? _clock;
    private bool _dirty;
    private long _dataVersion;

    private string CampaignId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        VersionClock.Next(ref _dataVersion, Time);
        if (state.State.Rules is not { } rules) return;
        foreach (var tally in state.State.Tallies) _standings.Apply(tally.AgentId, tally.Version, tally.Credits);
        if (state.State.Final is not null)
        {
            if (!state.State.WinnersAnnounced) await AnnounceWinnersAsync(rules, state.State.Final);
            return;
        }
        var now = Time.GetUtcNow();
        await ReloadRosterAsync(rules, now);
        _shownStatus = rules.Window.StatusAt(now);
        // Reports sent while this campaign was not active may be lost; the agents hold the truth.
        if (_shownStatus != CampaignStatus.Scheduled) await CollectTalliesAsync();
        StartClock();
        await ScheduleReminderAsync(rules, now);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await SaveTalliesAsync();
    }

    public async Task<CampaignSaveResult> Save(CampaignRules rules)
    {
        await AdvanceAsync();
        var now = Time.GetUtcNow();
        if (state.State.Rules is { } current && current.Window.StatusAt(now) != CampaignStatus.Scheduled)
        {
            var status = current.Window.StatusAt(now).Name();
            return CampaignSaveResult.Failed(CampaignSaveStatus.Locked, new CampaignFieldError("",
                $"Campaign '{CampaignId}' is {status} (it started at {current.Window.StartsAt:O}): its rules are locked once it has started, so every participant competes under the rules it started with."));
        }
        if (rules.Window.StartsAt <= now)
            return CampaignSaveResult.Failed(CampaignSaveStatus.Invalid, new CampaignFieldError("startsAt",
                $"must be later than now ({now:O}): a campaign is set up before it starts, so that every event of its window is counted as it arrives."));

        var (roster, unknown) = await CampaignRoster.BuildAsync(GrainFactory, rules, now);
        if (roster is null) return CampaignSaveResult.Failed(CampaignSaveStatus.UnknownReferences, unknown.ToArray());
        var strangers = (rules.Targets?.Keys ?? []).Where(id => !roster.Lists(id))
            .Select(id => new CampaignFieldError($"targets.{id}", $"'{id}' is not a {rules.Unit.Name()} taking part in the campaign.")).ToArray();
        if (strangers.Length > 0) return CampaignSaveResult.Failed(CampaignSaveStatus.UnknownReferences, strangers);

        var created = state.State.Rules is null;
        var registration = rules.RegistrationFor(CampaignId);
        await Task.WhenAll(state.State.Branches.Except(roster.BranchIds, StringComparer.Ordinal)
            .Select(b => GrainFactory.GetGrain<IBranchGrain>(b).UnregisterCampaign(CampaignId)));
        await Task.WhenAll(roster.BranchIds.Select(b => GrainFactory.GetGrain<IBranchGrain>(b).RegisterCampaign(registration)));

        // Nothing of the window has happened yet: whatever was tallied under the old rules does not apply.
        state.State.Rules = rules;
        state.State.Branches = roster.BranchIds.ToList();
        state.State.Tallies = [];
        state.State.Final = null;
        state.State.WinnersAnnounced = false;
        await state.WriteStateAsync();
        _standings = new CampaignStandings();
        _roster = roster;
        _rosterAt = now;
        _shownStatus = CampaignStatus.Scheduled;
        _dirty = false;
        Changed();
        StartClock();
        await ScheduleReminderAsync(rules, now);
        return new CampaignSaveResult(CampaignSaveStatus.Saved, View(rules, now), [], created);
    }

    public async Task<CampaignView?> Get()
    {
        if (state.State.Rules is not { } rules) return null;
        await AdvanceAsync();
        return View(rules, Time.GetUtcNow());
    }

    public async Task<CampaignScoreboardView?> GetScoreboard()
    {
        if (state.State.Rules is null) return null;
        await AdvanceAsync();
        return Scoreboard(_dataVersion, Time.GetUtcNow());
    }

    public async Task Report(CampaignTallyReport report)
    {
        if (state.State.Rules is not { } rules || state.State.Final is not null || report.CampaignId != CampaignId) return;
        var now = Time.GetUtcNow();
        // From the freeze on nothing changes the standings, not even a cancellation.
        if (rules.Window.IsFrozenAt(now) || !_standings.Apply(report.AgentId, report.Version, report.Credits)) return;
        _dirty = true;
        if (NamesStrangers(rules, report) && now - _rosterAt >= RosterReloadSpacing) await ReloadRosterAsync(rules, now);
        Changed();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Rules is not { } rules)
        {
            await UnregisterReminderAsync();
            return;
        }
        await AdvanceAsync();
        StartClock();
        await ScheduleReminderAsync(rules, Time.GetUtcNow());
    }

    public override TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf)
    {
        if (state.State.Rules is null) throw new InvalidOperationException($"Campaign '{CampaignId}' is not set up.");
        return new TopicUpdate(topic.Name, "campaign", version, Scoreboard(version, asOf) with { Topic = topic.Name });
    }

    /// <summary>Times and countdowns aside, two scoreboards show the same when status, freeze and every entry agree.</summary>
    public override bool SameContent(TopicUpdate a, TopicUpdate b) => (a.Payload, b.Payload) switch
    {
        (CampaignScoreboardView x, CampaignScoreboardView y) => x.Status == y.Status && x.Frozen == y.Frozen && x.Name == y.Name
            && x.StartsAt == y.StartsAt && x.EndsAt == y.EndsAt && x.Target == y.Target && x.Entries.SequenceEqual(y.Entries),
        _ => false,
    };

    /// <summary>Brings the campaign up to the product clock: a new status is pushed, and at the end of the grace it freezes.</summary>
    private async Task AdvanceAsync()
    {
        if (state.State.Rules is not { } rules || state.State.Final is not null) return;
        var now = Time.GetUtcNow();
        if (rules.Window.IsFrozenAt(now))
        {
            await FreezeAsync(rules);
            return;
        }
        var status = rules.Window.StatusAt(now);
        if (status == _shownStatus) return;
        _shownStatus = status;
        // The start is the moment the roster matters: take in whoever joined while it was scheduled.
        if (status == CampaignStatus.Running) await ReloadRosterAsync(rules, now);
        Changed();
    }

    private async Task FreezeAsync(CampaignRules rules)
    {
        // Tallies hold only what was recorded before the freeze, so asking now completes without letting anything late in.
        await CollectTalliesAsync();
        var final = Entries(rules);
        state.State.Final = final.ToList();
        state.State.Tallies = Tallies();
        await state.WriteStateAsync();
        _dirty = false;
        _shownStatus = CampaignStatus.Finished;
        Changed();
        StopClock();
        await AnnounceWinnersAsync(rules, final);
        await UnregisterReminderAsync();
    }

    /// <summary>Cheers the winner (every participant sharing rank 1 with a score) on the screens of every participating branch.</summary>
    private async Task AnnounceWinnersAsync(CampaignRules rules, IReadOnlyList<CampaignEntryView> final)
    {
        var at = Time.GetUtcNow().ToOffset(rules.Window.EndsAt.Offset);
        var winners = final.Where(e => e.Rank == 1 && (rules.Scoring == CampaignScoring.Absolute ? e.Value > 0m : e.Progress > 0m)).ToArray();
        foreach (var branchId in state.State.Branches)
        {
            foreach (var winner in winners)
            {
                await GrainFactory.GetGrain<IBranchGrain>(branchId).Celebrate(new CelebrationView(branchId, winner.Id, winner.Name,
                    CelebrationKind.CampaignWon.Name(), winner.Value, at, Metric: rules.Metric.Name(), CampaignId: CampaignId,
                    CampaignName: rules.Name, Unit: rules.Unit.Name()));
            }
        }
        state.State.WinnersAnnounced = true;
        await state.WriteStateAsync();
    }

    /// <summary>Asks every agent of the involved branches (and every agent that reported) for its current tally.</summary>
    private async Task CollectTalliesAsync()
    {
        var agents = _roster.AgentIds.Concat(_standings.Agents).Distinct(StringComparer.Ordinal).ToArray();
        var changed = false;
        foreach (var chunk in agents.Chunk(MemberReports.Concurrency))
        {
            try
            {
                var reports = await Task.WhenAll(chunk.Select(a => GrainFactory.GetGrain<ICampaignMemberGrain>(a).GetCampaignReport(CampaignId)));
                foreach (var report in reports) changed |= _standings.Apply(report.AgentId, report.Version, report.Credits);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Campaign {CampaignId}: collecting tallies from {Count} agents failed; their last reports stand", CampaignId, chunk.Length);
            }
        }
        // Only real news: a rendering that shows nothing new still uses up the topic's coalescing window.
        if (!changed) return;
        _dirty = true;
        Changed();
    }

    private async Task ReloadRosterAsync(CampaignRules rules, DateTimeOffset now)
    {
        try
        {
            var (roster, unknown) = await CampaignRoster.BuildAsync(GrainFactory, rules, now);
            if (roster is not null) _roster = roster;
            else logger.LogWarning("Campaign {CampaignId}: participants no longer known: {Unknown}", CampaignId, string.Join("; ", unknown.Select(u => u.Message)));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the roster could not be loaded; the last one stands", CampaignId);
        }
        _rosterAt = now;
    }

    private bool NamesStrangers(CampaignRules rules, CampaignTallyReport report) => report.Credits.Any(c =>
        rules.Participants.Includes(report.AgentId, c.TeamId, c.BranchId)
        && !_roster.Lists(rules.Unit switch { CampaignUnit.Agent => report.AgentId, CampaignUnit.Team => c.TeamId, _ => c.BranchId }));

    private async Task OnTickAsync()
    {
        await AdvanceAsync();
        if (_dirty) await SaveTalliesAsync();
    }

    private async Task SaveTalliesAsync()
    {
        state.State.Tallies = Tallies();
        try
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: saving tallies failed; will retry", CampaignId);
        }
    }

    private List<CampaignTallyReport> Tallies() =>
        _standings.Tallies.Select(t => new CampaignTallyReport(CampaignId, t.AgentId, t.Version, t.Credits)).ToList();

    private void Changed()
    {
        VersionClock.Next(ref _dataVersion, Time);
        TopicsChanged();
    }

    private void StartClock()
    {
        if (_clock is not null || state.State.Final is not null) return;
        _clock = this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = false });
    }

    private void StopClock()
    {
        _clock?.Dispose();
        _clock = null;
    }

    private async Task ScheduleReminderAsync(CampaignRules rules, DateTimeOffset now)
    {
        if (rules.Window.NextChangeAfter(now) is not { } next)
        {
            // Past the freeze: the reminder keeps coming (every minute) until the freeze is done.
            if (state.State.Final is not null) await UnregisterReminderAsync();
            return;
        }
        var due = next - now;
        due = due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due > LongestReminderWait ? LongestReminderWait : due;
        try
        {
            await this.RegisterOrUpdateReminder(ClockReminder, due, TimeSpan.FromMinutes(1));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the clock reminder could not be registered; the campaign moves on while it is active", CampaignId);
        }
    }

    private async Task UnregisterReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ClockReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the clock reminder could not be removed", CampaignId);
        }
    }

    private IReadOnlyList<CampaignEntryView> Entries(CampaignRules rules) =>
        _standings.Score(rules, _roster.EntryIds)
            .Select(s => new CampaignEntryView(s.Rank, s.Id, _roster.NameOf(s.Id), s.Value, s.Target, s.Progress))
            .ToArray();

    private CampaignScoreboardView Scoreboard(long version, DateTimeOffset asOf)
    {
        var rules = state.State.Rules!;
        var window = rules.Window;
        return new CampaignScoreboardView(CampaignId, rules.Name, rules.Metric.Name(), rules.Unit.Name(), rules.Scoring.Name(),
            window.StatusAt(asOf).Name(), state.State.Final is not null, window.StartsAt, window.EndsAt, window.FreezesAt,
            version, asOf.ToOffset(window.EndsAt.Offset), SecondsUntil(window.StartsAt, asOf), SecondsUntil(window.EndsAt, asOf), rules.Target,
            state.State.Final ?? Entries(rules));
    }

    private CampaignView View(CampaignRules rules, DateTimeOffset now)
    {
        var p = rules.Participants;
        return new CampaignView(CampaignId, rules.Name, rules.Metric.Name(), rules.Unit.Name(), rules.Scoring.Name(),
            rules.Window.StartsAt, rules.Window.EndsAt, (int)rules.Window.Grace.TotalMinutes, rules.Window.FreezesAt,
            new CampaignParticipantsView(p.BranchIds, p.TeamIds, p.AgentIds), rules.Target,
            rules.Targets ?? new Dictionary<string, decimal>(), rules.Window.StatusAt(now).Name(), state.State.Final is not null);
    }

    /// <summary>Whole seconds (rounded up) until a moment, for a countdown; null once it has passed.</summary>
    private static long? SecondsUntil(DateTimeOffset moment, DateTimeOffset now) =>
        now < moment ? (long)Math.Ceiling((moment - now).TotalSeconds) : null;
}
