using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains;

/// <summary>The agents an aggregate knows, each with its dated membership history ready to query.</summary>
public sealed class MemberDirectory
{
    private readonly Dictionary<string, (MemberInfo Info, MembershipHistory History)> _members = new(StringComparer.Ordinal);

    public MemberDirectory(IEnumerable<MemberInfo> members)
    {
        foreach (var member in members) Upsert(member);
    }

    public IEnumerable<string> Ids => _members.Keys;

    public void Upsert(MemberInfo member) => _members[member.AgentId] = (member, new MembershipHistory(member.Membership));

    public string NameOf(string agentId) => _members.TryGetValue(agentId, out var m) ? m.Info.Name : agentId;

    /// <summary>Whether the agent's name must not reach display screens (an agent not known here is shown by its id, which is no name).</summary>
    public bool IsNameHidden(string agentId) => _members.TryGetValue(agentId, out var m) && m.Info.NameHidden;

    public MembershipHistory HistoryOf(string agentId) => _members.TryGetValue(agentId, out var m) ? m.History : new MembershipHistory();

    /// <summary>The team an agent is credited to at an instant (null when the agent is not known).</summary>
    public string? TeamAt(string agentId, DateTimeOffset instant) => _members.TryGetValue(agentId, out var m) ? m.History.TeamAt(instant) : null;
}
