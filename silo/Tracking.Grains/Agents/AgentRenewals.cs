using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Renewals;

namespace Tracking.Grains.Agents;

/// <summary>
/// The agent's renewal book: the due items uploaded for its policies (stored in <see cref="AgentRenewalsState"/>)
/// matched with the money of its <c>renewal</c> events (a cache of the event log, kept in the ledger snapshot).
/// </summary>
public sealed class AgentRenewals(IPersistentState<AgentRenewalsState> state, RenewalOptions options)
{
    private RenewalBook _book = new(options.GraceDays);

    public RenewalBook Book => _book;

    /// <summary>
    /// Whether the payments of a restored snapshot must be read from the log again: the snapshot was written
    /// before payments were kept in it, so it holds none of those up to its sequence.
    /// </summary>
    public static bool MustRereadPayments(AgentLedgerSnapshot snapshot) => snapshot.LastSequence > 0 && !snapshot.KeepsRenewalPayments;

    /// <summary>Rebuilds the book from the stored items and the snapshot's payments; replay of the log adds the rest.</summary>
    public void Restore(AgentLedgerSnapshot snapshot)
    {
        _book = new RenewalBook(options.GraceDays);
        foreach (var payment in snapshot.RenewalPayments) _book.Collect(payment);
        _book.Upsert(state.State.Items);
    }

    /// <summary>Adds or replaces the items (by policy and due date) and stores them; the book changes only once they are stored.</summary>
    public async Task<int> UpsertAsync(IReadOnlyList<RenewalDue> items)
    {
        var stored = new Dictionary<(string, DateOnly), RenewalDue>(state.State.Items.Count + items.Count);
        foreach (var item in state.State.Items) stored[(item.PolicyId, item.DueDate)] = item;
        foreach (var item in items) stored[(item.PolicyId, item.DueDate)] = item;
        var previous = state.State.Items;
        state.State.Items = stored.Values.ToList();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Items = previous;
            throw;
        }
        return _book.Upsert(items);
    }

    /// <summary>
    /// Takes in an applied event: a renewal's money goes to its policy's items, whose due dates join
    /// <paramref name="touchedDays"/> (their periods' renewalDueCollected may have changed).
    /// </summary>
    /// <returns>Whether the event paid towards an uploaded item (a payment of a policy with no items changes none).</returns>
    public bool Apply(ActivityEvent e, DateOnly day, ISet<DateOnly>? touchedDays = null)
    {
        if (e.Renewal is not { } renewal) return false;
        _book.Collect(new RenewalPayment(renewal.PolicyId, day, renewal.Amount));
        var dueDates = _book.DueDatesOf(renewal.PolicyId);
        var itemsPaid = false;
        foreach (var dueDate in dueDates)
        {
            itemsPaid = true;
            touchedDays?.Add(dueDate);
        }
        return itemsPaid;
    }

    /// <summary>The due dates of every item of the given policies: the days an upload of them changes.</summary>
    public IEnumerable<DateOnly> DueDatesOf(IEnumerable<RenewalDue> items) =>
        items.Select(i => i.PolicyId).Distinct(StringComparer.Ordinal).SelectMany(_book.DueDatesOf);

    /// <summary>Every day an item falls due: the periods the agent holds renewal figures for.</summary>
    public IEnumerable<DateOnly> DueDates => _book.Items.Select(i => i.Due.DueDate);

    /// <summary>The period's renewal figures per team (the team the agent was in on each item's due date).</summary>
    public IReadOnlyDictionary<string, RenewalTotals> TotalsByTeam(PeriodKey period, AgentProfile profile) =>
        _book.ItemCount == 0 ? NoTotals : _book.TotalsByTeam(period, profile.TeamOnDay);

    private static readonly IReadOnlyDictionary<string, RenewalTotals> NoTotals = new Dictionary<string, RenewalTotals>();

    public void CopyTo(AgentLedgerSnapshot snapshot)
    {
        snapshot.RenewalPayments = _book.Payments.ToList();
        snapshot.KeepsRenewalPayments = true;
    }

    /// <summary>Every item as the lists show it on the branch-local <paramref name="today"/>.</summary>
    public IReadOnlyList<RenewalItemView> Views(DateOnly today) => _book.Items.Select(i => View(i, today)).ToList();

    public static string StatusName(RenewalStatus status) => status switch
    {
        RenewalStatus.Open => "open",
        RenewalStatus.Collected => "collected",
        _ => "lapsed",
    };

    private static RenewalItemView View(RenewalItem item, DateOnly today) => new(
        item.Due.PolicyId, item.Due.AgentId, item.Due.DueDate, item.Due.Amount, item.Due.PolicyYear,
        item.Collected, item.GraceEndsOn, item.DaysLeft(today), StatusName(item.StatusOn(today)));
}
