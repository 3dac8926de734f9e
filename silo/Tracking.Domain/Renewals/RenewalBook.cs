namespace Tracking.Domain.Renewals;

/// <summary>
/// An agent's renewal book: the due items uploaded for its policies, matched with the money its
/// <c>renewal</c> events brought in (see <see cref="PolicyRenewals"/> for how a payment is matched).
/// </summary>
public sealed class RenewalBook(int graceDays = RenewalBook.DefaultGraceDays)
{
    public const int DefaultGraceDays = 60;

    private readonly Dictionary<string, PolicyRenewals> _policies = new(StringComparer.Ordinal);

    public int GraceDays { get; } = graceDays >= 0 ? graceDays : throw new ArgumentOutOfRangeException(nameof(graceDays));

    /// <summary>Every item, policy by policy, each policy's in due-date order.</summary>
    public IEnumerable<RenewalItem> Items => _policies.Values.SelectMany(p => p.Items);

    /// <summary>Every payment received, policy by policy, each policy's in the order received.</summary>
    public IEnumerable<RenewalPayment> Payments => _policies.Values.SelectMany(p => p.Payments);

    public int ItemCount => _policies.Values.Sum(p => p.Items.Count());

    /// <summary>
    /// Adds the items, or replaces those with the same policy and due date (an upload repeated or corrected);
    /// what was collected stays collected. Returns how many items were given.
    /// </summary>
    public int Upsert(IEnumerable<RenewalDue> items)
    {
        var touched = new HashSet<PolicyRenewals>();
        var count = 0;
        foreach (var due in items)
        {
            var policy = PolicyOf(due.PolicyId);
            policy.Put(new RenewalItem(due, GraceDays));
            touched.Add(policy);
            count++;
        }
        foreach (var policy in touched) policy.Rematch();
        return count;
    }

    /// <summary>Money a <c>renewal</c> event brought in for one of the agent's policies.</summary>
    public void Collect(RenewalPayment payment) => PolicyOf(payment.PolicyId).Pay(payment);

    /// <summary>The payments of a policy no open item took (yet): an item uploaded later takes them.</summary>
    public decimal UnmatchedCredit(string policyId) => _policies.TryGetValue(policyId, out var p) ? p.Credit : 0;

    public IEnumerable<RenewalItem> ItemsOf(string policyId) =>
        _policies.TryGetValue(policyId, out var p) ? p.Items : [];

    /// <summary>
    /// The items open on <paramref name="today"/> whose grace ends at most <paramref name="daysBeforeGraceEnd"/> days
    /// later (the renewalAtRisk rule), the most urgent first.
    /// </summary>
    public IReadOnlyList<OpenRenewal> AtRisk(DateOnly today, int daysBeforeGraceEnd) => Items
        .Where(i => i.IsAtRiskOn(today, daysBeforeGraceEnd))
        .OrderBy(i => i.GraceEndsOn).ThenBy(i => i.Due.PolicyId, StringComparer.Ordinal)
        .Select(i => i.ToOpenRenewal())
        .ToList();

    /// <summary>
    /// renewalDue and renewalDueCollected of the items due from <paramref name="from"/> up to (excluding)
    /// <paramref name="until"/>; collected counts what was paid by the end of <paramref name="collectedBy"/>
    /// when given, else everything collected so far.
    /// </summary>
    public RenewalTotals Totals(DateOnly from, DateOnly until, DateOnly? collectedBy = null)
    {
        decimal due = 0, collected = 0;
        foreach (var item in Items)
        {
            if (item.Due.DueDate < from || item.Due.DueDate >= until) continue;
            due += item.Due.Amount;
            collected += collectedBy is { } day ? item.CollectedBy(day) : item.Collected;
        }
        return new RenewalTotals(due, collected);
    }

    public RenewalTotals Totals(PeriodKey period, DateOnly? collectedBy = null) => Totals(period.Start, period.End, collectedBy);

    /// <summary>
    /// The period's renewal figures per team: an item counts for the team <paramref name="teamOn"/> gives for its
    /// due date (the team the agent was in that day), as an event counts for the team of its day.
    /// </summary>
    public Dictionary<string, RenewalTotals> TotalsByTeam(PeriodKey period, Func<DateOnly, string> teamOn)
    {
        var byTeam = new Dictionary<string, RenewalTotals>(StringComparer.Ordinal);
        foreach (var item in Items)
        {
            if (!period.Contains(item.Due.DueDate)) continue;
            var team = teamOn(item.Due.DueDate);
            byTeam[team] = byTeam.GetValueOrDefault(team) + new RenewalTotals(item.Due.Amount, item.Collected);
        }
        return byTeam;
    }

    /// <summary>The due dates of a policy's items: the days whose figures a payment for it may change.</summary>
    public IEnumerable<DateOnly> DueDatesOf(string policyId) => ItemsOf(policyId).Select(i => i.Due.DueDate);

    private PolicyRenewals PolicyOf(string policyId)
    {
        if (!_policies.TryGetValue(policyId, out var policy)) _policies[policyId] = policy = new PolicyRenewals();
        return policy;
    }
}
