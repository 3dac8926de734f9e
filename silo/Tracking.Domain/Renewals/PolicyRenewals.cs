namespace Tracking.Domain.Renewals;

/// <summary>
/// One policy's due items (in due-date order) and the payments received for it. Each payment, in the order
/// received, goes to the policy's open items earliest due first (a partial payment leaves the item open for
/// the next one); what no open item takes is kept as credit. Changing the items replays the payments over
/// them, so a payment received before its item was uploaded is matched once the item is there, and a
/// re-upload keeps what was collected.
/// </summary>
internal sealed class PolicyRenewals
{
    private readonly SortedDictionary<DateOnly, RenewalItem> _items = [];
    private readonly List<RenewalPayment> _payments = [];

    public IEnumerable<RenewalItem> Items => _items.Values;

    public IReadOnlyList<RenewalPayment> Payments => _payments;

    /// <summary>Payments (or their parts) that no item took.</summary>
    public decimal Credit { get; private set; }

    /// <summary>Adds or replaces the item due on its date; call <see cref="Rematch"/> once all changes are in.</summary>
    public void Put(RenewalItem item) => _items[item.Due.DueDate] = item;

    public void Pay(RenewalPayment payment)
    {
        _payments.Add(payment);
        Allocate(payment);
    }

    /// <summary>Matches every payment again, in the order received, against the current items.</summary>
    public void Rematch()
    {
        foreach (var item in _items.Values) item.ClearCollections();
        Credit = 0;
        foreach (var payment in _payments) Allocate(payment);
    }

    private void Allocate(RenewalPayment payment)
    {
        var rest = payment.Amount;
        foreach (var item in _items.Values)
        {
            if (rest <= 0) break;
            if (item.IsOpenOn(payment.PaidOn)) rest = item.Take(payment.PaidOn, rest);
        }
        Credit += rest;
    }
}
