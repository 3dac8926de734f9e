using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Grains.Views;

namespace Tracking.Grains.Branches;

/// <summary>
/// A branch's records: its info, teams, members, targets and alert rules. From them comes the context
/// its teams and agents judge numbers by, handed to every team whenever it changes.
/// </summary>
public sealed class BranchRegistry(string branchId, IPersistentState<BranchState> state, IGrainFactory grains) : IStatsUnit
{
    private BranchState State => state.State;

    public BranchInfo? Info => State.Info;

    /// <summary>How the branch judges numbers; null until the branch is set up.</summary>
    public StatsComposer? Composer { get; private set; }

    public BranchClock Clock => Composer?.Clock ?? BranchClock.For("UTC");

    public MemberDirectory Members { get; private set; } = new([]);

    public IReadOnlyCollection<string> MemberIds => State.Members.Keys;

    public IReadOnlyDictionary<string, TeamInfo> Teams => State.Teams;

    IReadOnlyCollection<string> IStatsUnit.TeamIds => State.Teams.Keys;

    /// <summary>Takes in the stored records (on activation).</summary>
    public void Load()
    {
        if (Context() is { } context) Composer = new StatsComposer(context);
        Members = new MemberDirectory(State.Members.Values);
    }

    public BranchContext? Context() =>
        State.Info is { } info ? new BranchContext(info, State.Targets.ToArray(), State.AlertSettings) : null;

    public BranchRoster? Roster() => State.Info is { } info
        ? new BranchRoster(info, State.Teams.Values.ToArray(), State.Members.Values.ToArray())
        : null;

    public bool OwnsTeam(string teamId) => State.Teams.ContainsKey(teamId);

    /// <summary>The agent counts in the branch's headcount at the instant.</summary>
    public bool IsActiveHere(string agentId, DateTimeOffset at) =>
        Members.HistoryOf(agentId).ActiveTeamAt(at) is { } team && OwnsTeam(team);

    public async Task UpsertAsync(BranchInfo info)
    {
        State.Info = info;
        await state.WriteStateAsync();
        ContextChanged();
    }

    public async Task SetAlertSettingsAsync(AlertSettings settings)
    {
        State.AlertSettings = settings;
        await state.WriteStateAsync();
        ContextChanged();
    }

    public async Task UpsertTargetsAsync(IReadOnlyList<TargetSetting> targets)
    {
        var book = new TargetBook(State.Targets);
        foreach (var target in targets) book.Upsert(target);
        State.Targets = book.Settings.ToList();
        await state.WriteStateAsync();
        ContextChanged();
    }

    public async Task UpsertTeamAsync(TeamInfo team)
    {
        State.Teams[team.Id] = team;
        await state.WriteStateAsync();
    }

    /// <summary>Stores a member; returns what the branch held of the agent before (null when it is new to the branch).</summary>
    /// <summary>Stores the members' records in one write; answers each one's record before, in order (null for a newcomer).</summary>
    public async Task<MemberInfo?[]> UpsertMembersAsync(IReadOnlyList<MemberInfo> members)
    {
        var before = new MemberInfo?[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            before[i] = State.Members.GetValueOrDefault(members[i].AgentId);
            State.Members[members[i].AgentId] = members[i];
            Members.Upsert(members[i]);
        }
        await state.WriteStateAsync();
        return before;
    }

    bool IStatsUnit.Includes(string teamId) => OwnsTeam(teamId);

    string? IStatsUnit.TargetTeamOf(string agentId, DateTimeOffset at) => Members.TeamAt(agentId, at);

    KpisScope IStatsUnit.Scope => KpisScope.Branch;

    StatsView IStatsUnit.Identify(StatsView stats, StatsComposer composer) => stats with { BranchId = branchId };

    /// <summary>The branch's settings or targets changed: recompute here and hand them to every team.</summary>
    private void ContextChanged()
    {
        var context = Context()!;
        Composer = new StatsComposer(context);
        foreach (var teamId in State.Teams.Keys) grains.GetGrain<ITeamGrain>(teamId).SetContext(context);
    }
}
