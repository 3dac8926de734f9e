using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.Grains.Campaigns;
using Tracking.Grains.Notifications;
using Tracking.Grains.Push;

namespace Tracking.Grains;

/// <summary>
/// A campaign (sprint): its agents tally their own events for it and send absolute, versioned tallies; it
/// ranks the participants, pushes <c>campaign:{id}</c>, moves from scheduled to running to finished on the
/// product clock, and freezes when the grace period ends, collecting every tally once more first (a report
/// lost on the way heals), then cheering the winner on the participating branches' screens.
/// </summary>
/// <remarks>
/// Time is kept by a <see cref="CampaignClock"/> (a timer while active, a reminder to come back). Tallies
/// are written behind (at most once a tick); a lost write heals from the agents on the next activation.
/// </remarks>
public sealed class CampaignGrain(
    [PersistentState("campaign", "tracking")] IPersistentState<CampaignState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions,
    NoticeHandoff noticeHandoff,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain, IRemindable
{
    /// <summary>A tally naming a participant the roster lacks (an agent who joined since) reloads the roster, at most this often.</summary>
    private static readonly TimeSpan RosterReloadSpacing = TimeSpan.FromSeconds(5);

    private CampaignStandings _standings = new();
    private CampaignRoster _roster = CampaignRoster.Empty;
    private DateTimeOffset _rosterAt = DateTimeOffset.MinValue;
    private CampaignStatus? _shownStatus;
    private CampaignClock _clock = null!;
    private LiveTopics _live = null!;
    private CampaignFinale _finale = null!;
    private bool _dirty;
    private long _dataVersion;

    private string CampaignId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = new LiveTopics(this, time, pushOptions.Value,
            _ => new TopicRenderer<CampaignScoreboardView>(TopicMessages.Campaign, RenderTopic, CampaignViews.SameScoreboard));
        _clock = new CampaignClock(this, CampaignId, OnTickAsync, logger);
        _finale = new CampaignFinale(CampaignId, state, GrainFactory, new NoticeJournal(noticeHandoff, state.State.Notices), time);
        _finale.Resume();
        VersionClock.Next(ref _dataVersion, time);
        if (state.State.Rules is not { } rules) return;
        if (!state.State.Listed) await CampaignListing.ListOnceAsync(GrainFactory, CampaignId, state, logger);
        foreach (var tally in state.State.Tallies) _standings.Apply(tally.AgentId, tally.Version, tally.Credits);
        if (state.State.Final is not null)
        {
            if (!state.State.WinnersAnnounced) await _finale.AnnounceWinnersAsync(rules, state.State.Final);
            return;
        }
        var now = time.GetUtcNow();
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
        var now = time.GetUtcNow();
        if (CampaignSetUpChecks.Refusal(CampaignId, state.State.Rules, rules, now) is { } refused) return refused;
        var (roster, unknown) = await CampaignRoster.BuildAsync(GrainFactory, rules, now);
        if (roster is null) return CampaignSaveResult.Failed(CampaignSaveStatus.UnknownReferences, unknown.ToArray());
        if (CampaignSetUpChecks.Strangers(rules, roster) is { } strangers) return strangers;

        var created = state.State.Rules is null;
        var registration = rules.RegistrationFor(CampaignId);
        await Task.WhenAll(state.State.Branches.Except(roster.BranchIds, StringComparer.Ordinal)
            .Select(b => GrainFactory.GetGrain<IBranchGrain>(b).UnregisterCampaign(CampaignId)));
        await Task.WhenAll(roster.BranchIds.Select(b => GrainFactory.GetGrain<IBranchGrain>(b).RegisterCampaign(registration)));
        // Listed before stored: a listing whose campaign is missing is skipped by readers, a stored campaign never listed would be lost to them.
        await CampaignListing.ListAsync(GrainFactory, CampaignId, roster.BranchIds);

        // Nothing of the window has happened yet: whatever was tallied under the old rules does not apply.
        state.State.Rules = rules;
        state.State.Branches = roster.BranchIds.ToList();
        state.State.Tallies = [];
        state.State.Final = null;
        state.State.WinnersAnnounced = false;
        state.State.Listed = true;
        state.State.BackfillPending = rules.Window.StartsAt <= now;
        state.State.BackfillAsOf = now;
        await state.WriteStateAsync();
        _standings = new CampaignStandings();
        _roster = roster;
        _rosterAt = now;
        _shownStatus = CampaignStatus.Scheduled;
        _dirty = false;
        Changed();
        StartClock();
        await ScheduleReminderAsync(rules, now);
        // Set up late: the recorded events are counted before the answer, so the campaign shows running (or frozen) at once.
        await AdvanceAsync();
        return new CampaignSaveResult(CampaignSaveStatus.Saved, View(rules, time.GetUtcNow()), [], created);
    }

    public async Task<CampaignView?> Get()
    {
        if (state.State.Rules is not { } rules) return null;
        await AdvanceAsync();
        return View(rules, time.GetUtcNow());
    }

    public async Task<CampaignScoreboardView?> GetScoreboard()
    {
        if (state.State.Rules is null) return null;
        await AdvanceAsync();
        return Scoreboard(_dataVersion, time.GetUtcNow());
    }

    public async Task Report(CampaignTallyReport report)
    {
        if (state.State.Rules is not { } rules || state.State.Final is not null || report.CampaignId != CampaignId) return;
        var now = time.GetUtcNow();
        // From the freeze on nothing changes the standings, not even a cancellation.
        if (rules.Window.IsFrozenAt(now) || !_standings.Apply(report.AgentId, report.Version, report.Credits)) return;
        _dirty = true;
        if (_roster.Lacks(rules, report) && now - _rosterAt >= RosterReloadSpacing) await ReloadRosterAsync(rules, now);
        Changed();
    }

    /// <summary>An agent's new name or display opt-out shows at once; frozen standings take in only the opt-out.</summary>
    public async Task MemberRenamed(MemberInfo member)
    {
        if (state.State.Rules is not { Unit: CampaignUnit.Agent }) return;
        if (state.State.Final is not { } final)
        {
            if (_roster.Rename(member)) Changed();
        }
        else if (CampaignViews.TakeOptOut(final, member))
        {
            await state.WriteStateAsync();
            Changed();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Rules is not { } rules)
        {
            await _clock.UnregisterReminderAsync();
            return;
        }
        await AdvanceAsync();
        StartClock();
        await ScheduleReminderAsync(rules, time.GetUtcNow());
    }

    public Task<TopicUpdate> Subscribe(Topic topic, ITopicObserver observer) => _live.Subscribe(topic, observer);

    public Task Unsubscribe(Topic topic, ITopicObserver observer) => _live.Unsubscribe(topic, observer);

    private CampaignScoreboardView RenderTopic(Topic topic, long version, DateTimeOffset asOf)
    {
        if (state.State.Rules is null) throw new InvalidOperationException($"Campaign '{CampaignId}' is not set up.");
        return Scoreboard(version, asOf) with { Topic = topic.Name };
    }

    /// <summary>Brings the campaign up to the product clock: a new status is pushed, and at the end of the grace it freezes.</summary>
    private async Task AdvanceAsync()
    {
        if (state.State.Rules is not { } rules || state.State.Final is not null) return;
        if (state.State.BackfillPending && !await BackfillAsync(rules)) return;
        var now = time.GetUtcNow();
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
        var now = time.GetUtcNow();
        await _finale.DecideNoticeAsync(Scoreboard(_dataVersion, now), now);
        await state.WriteStateAsync();
        _dirty = false;
        _shownStatus = CampaignStatus.Finished;
        Changed();
        _clock.Stop();
        _finale.HandOffNotice();
        await _finale.AnnounceWinnersAsync(rules, final);
        await _clock.UnregisterReminderAsync();
    }

    /// <summary>Asks every agent of the involved branches (and every agent that reported) for its current tally.</summary>
    private async Task CollectTalliesAsync()
    {
        var agents = _roster.AgentIds.Concat(_standings.Agents).Distinct(StringComparer.Ordinal);
        var changed = false;
        await CampaignMembers.AskAsync(GrainFactory, CampaignId, agents, agent => agent.GetCampaignReport(CampaignId),
            report => changed |= _standings.Apply(report.AgentId, report.Version, report.Credits), logger);
        // Only real news: a rendering that shows nothing new still uses up the topic's coalescing window.
        if (!changed) return;
        _dirty = true;
        Changed();
    }

    /// <summary>Counts the events recorded before a late set-up; true once done (and stored as done).</summary>
    private async Task<bool> BackfillAsync(CampaignRules rules)
    {
        var registration = rules.RegistrationFor(CampaignId);
        var (branches, asOf) = (state.State.Branches, state.State.BackfillAsOf);
        if (!await CampaignMembers.AskAsync(GrainFactory, CampaignId, _roster.AgentIds, agent => agent.Backfill(registration, branches, asOf),
                report => _standings.Apply(report.AgentId, report.Version, report.Credits), logger)) return false;
        state.State.BackfillPending = false;
        state.State.Tallies = Tallies();
        await state.WriteStateAsync();
        _dirty = false;
        Changed();
        return true;
    }

    private async Task ReloadRosterAsync(CampaignRules rules, DateTimeOffset now)
    {
        _roster = await CampaignRoster.ReloadAsync(GrainFactory, CampaignId, rules, now, _roster, logger);
        _rosterAt = now;
    }

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
        VersionClock.Next(ref _dataVersion, time);
        _live.Changed();
    }

    private void StartClock()
    {
        if (state.State.Final is null) _clock.Start();
    }

    private Task ScheduleReminderAsync(CampaignRules rules, DateTimeOffset now) =>
        _clock.ScheduleReminderAsync(rules.Window, now, frozen: state.State.Final is not null);

    private IReadOnlyList<CampaignEntryView> Entries(CampaignRules rules) =>
        _standings.Score(rules, _roster.EntryIds)
            .Select(s => new CampaignEntryView(s.Rank, s.Id, _roster.NameOf(s.Id), s.Value, s.Target, s.Progress, _roster.IsNameHidden(s.Id)))
            .ToArray();

    private CampaignScoreboardView Scoreboard(long version, DateTimeOffset asOf) => CampaignViews.Scoreboard(CampaignId, state.State.Rules!,
        state.State.Final is not null, state.State.Final ?? Entries(state.State.Rules!), version, asOf, state.State.BackfillPending);

    private CampaignView View(CampaignRules rules, DateTimeOffset now) =>
        CampaignViews.Definition(CampaignId, rules, state.State.Final is not null, now, state.State.BackfillPending);
}
