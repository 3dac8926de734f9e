namespace Tracking.Domain.Renewals;

/// <summary>
/// A renewal premium an agent's policy owes (应收): <paramref name="Amount"/> due on the branch-local
/// <paramref name="DueDate"/> for the policy's <paramref name="PolicyYear"/>. Identified by policy and due date.
/// </summary>
public sealed record RenewalDue(string PolicyId, string AgentId, DateOnly DueDate, decimal Amount, int PolicyYear);

/// <summary>Money received for a policy by a <c>renewal</c> event (实收), on its branch-local day.</summary>
public sealed record RenewalPayment(string PolicyId, DateOnly PaidOn, decimal Amount);

/// <summary>Where a due item stands on a given day.</summary>
public enum RenewalStatus { Open, Collected, Lapsed }
