namespace Tracking.Abstractions.Contracts;

/// <summary>
/// Which teams a supervisor oversees (docs/api.md, "Access control"): those of its <c>team</c> claims, every team of
/// its <c>branch</c> claims, and every team whose <c>supervisorIds</c> holds its <c>sub</c>. One rule for the API's
/// access checks and for choosing who receives a team's alerts by Web Push.
/// </summary>
public static class SupervisedTeams
{
    public static bool Includes(TeamInfo team, string subject, IEnumerable<string> branches, IEnumerable<string> teams) =>
        teams.Contains(team.Id) || branches.Contains(team.BranchId) ||
        (subject.Length > 0 && team.SupervisorIds.Contains(subject, StringComparer.Ordinal));
}
