namespace Tracking.Api.Access;

/// <summary>
/// The claims a token (or an API key) carries, by their names on the wire (docs/api.md, "Access control"):
/// <c>sub</c>, repeatable <c>role</c>, and repeatable <c>branch</c> and <c>team</c> that narrow the token's scope.
/// Inbound claim names are never mapped, so these are the names the principal holds.
/// </summary>
public static class AccessClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Branch = "branch";
    public const string Team = "team";
}

/// <summary>The four roles of the access table.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Ingest = "ingest";
    public const string Supervisor = "supervisor";
    public const string Display = "display";

    public static readonly IReadOnlyList<string> All = [Admin, Ingest, Supervisor, Display];
}
