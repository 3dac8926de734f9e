using System.Security.Claims;

namespace Tracking.Api.Access;

/// <summary>A caller as the access rules see it: subject, roles and the branch and team claims that scope it.</summary>
public sealed class Caller
{
    private Caller(string subject, IReadOnlySet<string> roles, IReadOnlySet<string> branches, IReadOnlySet<string> teams)
    {
        Subject = subject;
        Roles = roles;
        Branches = branches;
        Teams = teams;
    }

    public string Subject { get; }
    public IReadOnlySet<string> Roles { get; }
    /// <summary>The branches of the caller's <c>branch</c> claims (for an ingest caller, none means every branch).</summary>
    public IReadOnlySet<string> Branches { get; }
    public IReadOnlySet<string> Teams { get; }

    public bool IsAdmin => Roles.Contains(Access.Roles.Admin);
    public bool IsSupervisor => Roles.Contains(Access.Roles.Supervisor);
    public bool IsDisplay => Roles.Contains(Access.Roles.Display);
    public bool IsIngest => Roles.Contains(Access.Roles.Ingest);

    /// <summary>
    /// A caller whose view of boards goes through its branch's display policy: a display that is neither admin nor
    /// supervisor (those see everything in their scope).
    /// </summary>
    public bool SeesDisplayPolicy => IsDisplay && !IsAdmin && !IsSupervisor;

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirst(AccessClaims.Subject)?.Value ?? "",
        Values(user, AccessClaims.Role),
        Values(user, AccessClaims.Branch),
        Values(user, AccessClaims.Team));

    private static HashSet<string> Values(ClaimsPrincipal user, string type) =>
        user.FindAll(type).Select(c => c.Value).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
}
