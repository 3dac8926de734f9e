using Tracking.Abstractions.Contracts;

namespace Tracking.Grains;

/// <summary>What a team stores of its records: its info and its members (<see cref="Teams.TeamRegistry"/>).</summary>
[GenerateSerializer, Alias("tracking.team-state")]
public sealed class TeamState
{
    [Id(0)] public TeamInfo? Info { get; set; }
    [Id(2)] public Dictionary<string, MemberInfo> Members { get; set; } = new(StringComparer.Ordinal);
}
