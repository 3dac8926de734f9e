using Tracking.Abstractions.Contracts;
using Tracking.Grains.Views;

namespace Tracking.Grains.Teams;

/// <summary>A team's records (its info and members) and the context of its branch it judges numbers by.</summary>
public sealed class TeamRegistry(string teamId, IPersistentState<TeamState> state) : IStatsUnit
{
    private readonly string[] _teamIds = [teamId];

    public TeamInfo? Info => state.State.Info;

    /// <summary>How the team's branch judges numbers; null until the branch has handed its context.</summary>
    public StatsComposer? Composer { get; private set; }

    public MemberDirectory Members { get; private set; } = new([]);

    public IReadOnlyCollection<string> MemberIds => state.State.Members.Keys;

    public IReadOnlyCollection<string> TeamIds => _teamIds;

    /// <summary>Takes in the stored records (on activation).</summary>
    public void Load() => Members = new MemberDirectory(state.State.Members.Values);

    public bool OwnsTeam(string id) => id == teamId;

    /// <summary>Judges numbers by the branch's context from now on.</summary>
    public void UseContext(BranchContext context) => Composer = new StatsComposer(context);

    public async Task UpsertAsync(TeamInfo info)
    {
        state.State.Info = info;
        await state.WriteStateAsync();
    }

    public async Task UpsertMembersAsync(IReadOnlyList<MemberInfo> members)
    {
        foreach (var member in members)
        {
            state.State.Members[member.AgentId] = member;
            Members.Upsert(member);
        }
        await state.WriteStateAsync();
    }

    /// <summary>The agents counted in the team at the instant, by id.</summary>
    public IReadOnlyList<TeamMemberView> ActiveMembers(DateTimeOffset now) => Members.Ids
        .Select(id => (Id: id, Change: Members.HistoryOf(id).ChangeAt(now)))
        .Where(m => m.Change is { Active: true } change && change.TeamId == teamId)
        .Select(m => new TeamMemberView(m.Id, Members.NameOf(m.Id), m.Change!.EffectiveFrom))
        .OrderBy(m => m.Id, StringComparer.Ordinal)
        .ToArray();

    bool IStatsUnit.Includes(string id) => OwnsTeam(id);

    string? IStatsUnit.TargetTeamOf(string agentId, DateTimeOffset at) => teamId;

    KpisScope IStatsUnit.Scope => KpisScope.Team;

    StatsView IStatsUnit.Identify(StatsView stats, StatsComposer composer) => stats with { TeamId = teamId, BranchId = composer.Branch.Id };
}
