using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Celebrations;
using Tracking.Grains.Notifications;
using Tracking.Grains.Push;

namespace Tracking.Grains.Branches;

/// <summary>
/// What the desk saw of today before a report was taken in, to tell what the report changed: the agent's
/// targets in today's periods and, when it watches them, the agent's value of each before the report.
/// </summary>
public readonly record struct ReportWatch(DateTimeOffset Now, DateOnly Today, PeriodKey[] Current, CurrentTargets Targets, decimal[]? Before, bool RankUp);

/// <summary>
/// A branch's celebrations desk: cheers its agents on <c>branch:{branchId}</c> (a policy sold, a target
/// reached, the day board's lead taken, a campaign won) as the branch's rules want, through its rate
/// limit: what exceeds it is merged into one held celebration, sent by a timer of the branch when the
/// limit allows.
/// </summary>
public sealed class CelebrationDesk(
    string branchId,
    IGrainBase branch,
    IPersistentState<BranchState> state,
    BranchRegistry registry,
    BranchBoards boards,
    LiveTopics live,
    IGrainFactory grains,
    TimeProvider time)
{
    /// <summary>The board whose new leader is cheered as a rankUp: the branch's FYP day board of agents.</summary>
    public const Metric RankUpMetric = Metric.Fyp;

    /// <summary>How often held-back celebrations are looked at while any wait (their due time is on the product clock).</summary>
    private static readonly TimeSpan HeldCelebrationPoll = TimeSpan.FromMilliseconds(250);

    private readonly string _topic = new Topic(TopicKind.Branch, branchId).Name;
    private readonly LeaderWatch _dayLeader = new();
    private readonly TargetReachedWatch _targetsReached = new();
    private readonly CurrentTargetsCache _currentTargets = new(branchId);
    private CelebrationThrottle<CelebrationView>? _throttle;
    private IGrainTimer? _heldCelebrations;
    private DateOnly _today;
    private PeriodKey[] _current = [];

    public CelebrationSettings Settings => state.State.Celebrations ?? CelebrationSettings.Default;

    public async Task SetSettingsAsync(CelebrationSettings settings)
    {
        state.State.Celebrations = settings;
        await state.WriteStateAsync();
        _throttle = null; // a new rate limit starts with a full bucket
        _dayLeader.Reset(default, null); // and the board's leader is looked at afresh
    }

    /// <summary>Looks at today before an agent's report is taken in: what it held, and who leads the day board.</summary>
    public ReportWatch Watch(string agentId, DateTimeOffset now)
    {
        var today = registry.Clock.LocalDate(now);
        if (_today != today)
        {
            _today = today;
            _current = PeriodKey.AllContaining(today);
            _targetsReached.Prune(today); // a new day: cheers of periods that ended cannot repeat
        }
        var settings = Settings;
        var targets = settings.TargetReached && registry.Composer is { Targets: { Settings.Count: > 0 } book }
            ? _currentTargets.For(book, today, agentId, registry.Members.TeamAt(agentId, now))
            : CurrentTargets.None;
        // What the agent held of each target's metric before this report, to see a target crossed by it.
        decimal[]? before = null;
        if (targets.Targets.Count > 0)
        {
            before = new decimal[targets.Targets.Count];
            for (var i = 0; i < before.Length; i++) before[i] = boards.AgentValue(agentId, targets.Targets[i].Period, targets.Targets[i].Metric);
        }
        if (settings.RankUp && !_dayLeader.Watches(_current[0])) WatchDayLeader(_current[0], now);
        return new ReportWatch(now, today, _current, targets, before, settings.RankUp);
    }

    /// <summary>Cheers what the agent's report (which changed <paramref name="changed"/>) achieved.</summary>
    public void Cheer(string agentId, ReportWatch watch, IReadOnlyList<PeriodKey> changed)
    {
        if (watch.Before is { } before) CheerTargetsReached(agentId, watch.Targets, before, changed, watch.Now);
        if (watch.RankUp && changed.Contains(watch.Current[0])) CheerRankUp(agentId, watch.Current[0], watch.Now);
    }

    /// <summary>
    /// Cheers on <c>branch:{branchId}</c>, if the branch's rules want this one, through the branch's rate limit.
    /// A campaign is won once, so campaignWon is never held back.
    /// </summary>
    public void Cheer(CelebrationView celebration)
    {
        if (!CelebrationKinds.TryParse(celebration.Kind, out var kind)) return;
        var settings = Settings;
        if (!settings.Admits(kind, celebration.Value)) return;
        if (kind == CelebrationKind.CampaignWon)
        {
            Publish(celebration);
            return;
        }
        _throttle ??= new CelebrationThrottle<CelebrationView>(settings.Burst, settings.Interval, CelebrationImportance.Instance);
        foreach (var release in _throttle.Offer(celebration, time.GetUtcNow())) Publish(release.Item with { Merged = release.Merged });
        if (_throttle.HasHeld)
            _heldCelebrations ??= branch.RegisterGrainTimer(ReleaseHeldCelebration, new GrainTimerCreationOptions(HeldCelebrationPoll, HeldCelebrationPoll) { KeepAlive = true });
    }

    private void WatchDayLeader(PeriodKey day, DateTimeOffset now) => _dayLeader.Reset(day, Ranking.First(boards.AgentStandings(RankUpMetric, day, now)));

    /// <summary>An agent who takes rank 1 of the FYP day board from someone else is news (the day's first sale is not).</summary>
    private void CheerRankUp(string agentId, PeriodKey day, DateTimeOffset now)
    {
        var standing = boards.Standing(agentId, RankUpMetric, day);
        switch (_dayLeader.Observe(standing))
        {
            case LeaderChange.Overtook:
                Cheer(new CelebrationView(branchId, agentId, registry.Members.NameOf(agentId), CelebrationKind.RankUp.Name(), standing.Value,
                    registry.Clock.ToLocal(now), Metric: RankUpMetric.Name(), Period: PeriodKey.KindName(day.Kind),
                    NameHidden: registry.Members.IsNameHidden(agentId)));
                break;
            case LeaderChange.LeaderFell:
                WatchDayLeader(day, now);
                break;
        }
    }

    /// <summary>An agent whose attainment of a target crosses 100 % in a current period with this report is news, once.</summary>
    /// <param name="before">The agent's value of each target's metric before the report.</param>
    private void CheerTargetsReached(string agentId, CurrentTargets targets, decimal[] before, IReadOnlyList<PeriodKey> changed, DateTimeOffset now)
    {
        WidestReached? widest = null;
        for (var i = 0; i < before.Length; i++)
        {
            var target = targets.Targets[i];
            if (!changed.Contains(target.Period)) continue;
            if (target.FollowsDue) target = target.WhenDue(boards.AgentValue(agentId, target.Period, Metric.RenewalDue));
            var after = boards.AgentValue(agentId, target.Period, target.Metric);
            if (_targetsReached.Cross(agentId, target.Metric, target.Period, target.Value, before[i], after) is { } reached) (widest ??= new()).Offer(reached);
        }
        if (widest is null) return;
        foreach (var reached in widest.InMetricOrder())
        {
            Cheer(new CelebrationView(branchId, agentId, registry.Members.NameOf(agentId), CelebrationKind.TargetReached.Name(), reached.Value,
                registry.Clock.ToLocal(now), Metric: reached.Metric.Name(), Period: PeriodKey.KindName(reached.Period.Kind),
                NameHidden: registry.Members.IsNameHidden(agentId)));
        }
    }

    private Task ReleaseHeldCelebration()
    {
        if (_throttle?.Release(time.GetUtcNow()) is { } digest) Publish(digest.Item with { Merged = digest.Merged });
        if (_throttle is not { HasHeld: true })
        {
            _heldCelebrations?.Dispose();
            _heldCelebrations = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>On the branch's screens, and to the webhooks.</summary>
    private void Publish(CelebrationView celebration)
    {
        live.PublishEvent(_topic, version => new TopicUpdate(_topic, TopicMessages.Celebration, version, celebration with { Topic = _topic, Version = version }));
        var teamId = registry.Members.TeamAt(celebration.AgentId, time.GetUtcNow());
        WebhookNotices.Tell(grains, WebhookNotices.OfCelebration(celebration, teamId, registry.Info?.Language ?? BranchLanguages.Default));
    }
}
