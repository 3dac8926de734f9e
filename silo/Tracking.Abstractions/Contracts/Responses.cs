namespace Tracking.Abstractions.Contracts;

// What the HTTP endpoints answer besides the views the grains build (Views.cs, Campaigns.cs); docs/api.md shows each.

/// <summary><c>POST /api/v1/events</c>: how many events were stored and how many were already known (or repeated in the request).</summary>
public sealed record IngestResponse(int Accepted, int Duplicates);

/// <summary><c>PUT /api/v1/org</c>: how many of each were created or changed.</summary>
public sealed record OrgResponse(int Branches, int Teams, int Agents);

/// <summary><c>PUT /api/v1/targets</c>: how many targets were stored.</summary>
public sealed record TargetsResponse(int Targets);

/// <summary><c>PUT /api/v1/alert-rules</c>: how many rule sets were stored.</summary>
public sealed record AlertRulesResponse(int Rules);

/// <summary>One configured target as the API shows it; <see cref="Weekly"/> is a month target's split, if any.</summary>
public sealed record TargetView(string Scope, string Id, string Metric, string Period, decimal Value, IReadOnlyList<decimal>? Weekly);

/// <summary><c>GET /api/v1/branches/{id}/targets</c>: every target stored with the branch (its own, its teams' and agents').</summary>
public sealed record BranchTargetsView(string BranchId, IReadOnlyList<TargetView> Targets);

/// <summary>A branch's battle-report rules as the API shows them.</summary>
public sealed record CelebrationRulesView(string BranchId, decimal PolicyMinPremium, bool TargetReached, bool RankUp, int Burst, int IntervalSeconds);

/// <summary>A branch's display policy as the API shows it; <see cref="Names"/> is full, initial or masked.</summary>
public sealed record DisplayPolicyView(string BranchId, int Top, string Names, bool ShowBottom);
