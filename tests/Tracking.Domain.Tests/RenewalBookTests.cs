using Tracking.Domain.Renewals;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class RenewalBookTests
{
    private static RenewalDue Due(string policyId, string dueDate, decimal amount, int policyYear = 2) =>
        new(policyId, "A1", Date(dueDate), amount, policyYear);

    private static RenewalPayment Paid(string policyId, string day, decimal amount) => new(policyId, Date(day), amount);

    private static PeriodKey Week(string monday) => new(PeriodKind.Week, Date(monday));

    private static PeriodKey Month(string first) => new(PeriodKind.Month, Date(first));

    /// <summary>
    /// November 2026 (the 1st is a Sunday; weeks start on Mondays) for one agent:
    /// P1 1,000 due 3 Nov, paid in full on 2 Nov (early);
    /// P2 3,000 due 5 Nov, paid 1,000 on 6 Nov and 1,000 on 20 Nov (partial, 2,000 of 3,000);
    /// P3 2,000 due 10 Nov, paid 2,500 on 12 Nov (500 left over as credit: the policy has no later item);
    /// P4 4,000 due 18 Nov, nothing paid;
    /// P5 5,000 due 25 Nov, paid in full on 24 Nov before the item was uploaded (matched when it arrives);
    /// P6 1,500 due 2 Dec, paid in full on 30 Nov.
    /// </summary>
    private static RenewalBook November()
    {
        var book = new RenewalBook();
        book.Upsert([Due("P1", "2026-11-03", 1000), Due("P2", "2026-11-05", 3000), Due("P3", "2026-11-10", 2000),
            Due("P4", "2026-11-18", 4000), Due("P6", "2026-12-02", 1500)]);
        book.Collect(Paid("P1", "2026-11-02", 1000));
        book.Collect(Paid("P2", "2026-11-06", 1000));
        book.Collect(Paid("P3", "2026-11-12", 2500));
        book.Collect(Paid("P2", "2026-11-20", 1000));
        book.Collect(Paid("P5", "2026-11-24", 5000));
        book.Upsert([Due("P5", "2026-11-25", 5000, policyYear: 3)]);
        book.Collect(Paid("P6", "2026-11-30", 1500));
        return book;
    }

    [Fact]
    public void Weekly_collection_rates_of_a_month_are_collected_over_due_of_the_items_due_that_week()
    {
        var book = November();

        // Week of 2 Nov: P1 + P2 due = 4,000; collected 1,000 + 2,000 = 3,000.
        Assert.Equal(new RenewalTotals(4000, 3000), book.Totals(Week("2026-11-02")));
        Assert.Equal(0.75m, book.Totals(Week("2026-11-02")).CollectionRate);
        // Week of 9 Nov: P3 2,000 due, 2,000 collected (the extra 500 is not counted).
        Assert.Equal(1m, book.Totals(Week("2026-11-09")).CollectionRate);
        // Week of 16 Nov: P4 4,000 due, nothing collected.
        Assert.Equal(new RenewalTotals(4000, 0), book.Totals(Week("2026-11-16")));
        Assert.Equal(0m, book.Totals(Week("2026-11-16")).CollectionRate);
        // Week of 23 Nov: P5 5,000, paid the day before its upload.
        Assert.Equal(new RenewalTotals(5000, 5000), book.Totals(Week("2026-11-23")));
        // Week of 30 Nov (into December): P6 1,500 paid.
        Assert.Equal(new RenewalTotals(1500, 1500), book.Totals(Week("2026-11-30")));
        // Week of 26 Oct: nothing due, no rate.
        Assert.Null(book.Totals(Week("2026-10-26")).CollectionRate);
    }

    [Fact]
    public void The_monthly_rate_counts_the_items_due_in_the_month_whenever_they_were_paid()
    {
        var book = November();

        // Due 1,000 + 3,000 + 2,000 + 4,000 + 5,000 = 15,000; collected 1,000 + 2,000 + 2,000 + 0 + 5,000 = 10,000.
        Assert.Equal(new RenewalTotals(15000, 10000), book.Totals(Month("2026-11-01")));
        Assert.Equal(10000m / 15000m, book.Totals(Month("2026-11-01")).CollectionRate);
        // P6 is December's item although it was paid in November.
        Assert.Equal(new RenewalTotals(1500, 1500), book.Totals(Month("2026-12-01")));
        Assert.Null(book.Totals(Month("2026-10-01")).CollectionRate);
    }

    [Fact]
    public void Rates_as_of_a_day_count_only_what_was_paid_by_then()
    {
        var book = November();

        // By 8 Nov: P1 1,000 and P2's first 1,000 of the 4,000 due that week.
        Assert.Equal(0.5m, book.Totals(Week("2026-11-02"), collectedBy: Date("2026-11-08")).CollectionRate);
        // By 19 Nov the month has 1,000 + 1,000 + 2,000 = 4,000 of 15,000 (P2's second payment comes on the 20th).
        Assert.Equal(new RenewalTotals(15000, 4000), book.Totals(Month("2026-11-01"), collectedBy: Date("2026-11-19")));
        // By 24 Nov: + 1,000 (P2) + 5,000 (P5) = 10,000.
        Assert.Equal(new RenewalTotals(15000, 10000), book.Totals(Month("2026-11-01"), collectedBy: Date("2026-11-24")));
    }

    [Fact]
    public void Partial_payments_add_up_and_a_surplus_goes_to_the_next_open_item_of_the_policy()
    {
        var book = new RenewalBook();
        book.Upsert([Due("Q", "2027-02-10", 1000), Due("Q", "2027-01-10", 1000)]);

        book.Collect(Paid("Q", "2027-01-05", 400));
        book.Collect(Paid("Q", "2027-01-08", 1100)); // 600 completes January, 500 goes to February
        var (january, february) = (book.ItemsOf("Q").First(), book.ItemsOf("Q").Last());
        Assert.Equal((1000m, RenewalStatus.Collected), (january.Collected, january.StatusOn(Date("2027-01-08"))));
        Assert.Equal((500m, RenewalStatus.Open), (february.Collected, february.StatusOn(Date("2027-01-08"))));

        book.Collect(Paid("Q", "2027-02-09", 700)); // 500 completes February, 200 is left as credit
        Assert.Equal(RenewalStatus.Collected, february.StatusOn(Date("2027-02-09")));
        Assert.Equal(200m, book.UnmatchedCredit("Q"));
    }

    [Fact]
    public void A_payment_that_arrives_before_its_item_is_matched_when_the_item_is_uploaded()
    {
        var book = new RenewalBook();
        book.Collect(Paid("R", "2026-11-30", 800));
        Assert.Equal(800m, book.UnmatchedCredit("R"));
        Assert.Empty(book.Items);

        book.Upsert([Due("R", "2026-12-01", 1000)]);

        var item = Assert.Single(book.Items);
        Assert.Equal((800m, 200m), (item.Collected, item.Outstanding));
        Assert.Equal(0m, book.UnmatchedCredit("R"));
        Assert.Equal(RenewalStatus.Open, item.StatusOn(Date("2026-12-01")));
    }

    [Fact]
    public void A_repeated_or_corrected_upload_replaces_the_item_and_keeps_what_was_collected()
    {
        var book = new RenewalBook();
        book.Upsert([Due("S", "2026-12-05", 1000)]);
        book.Collect(Paid("S", "2026-12-01", 600));

        Assert.Equal(1, book.Upsert([Due("S", "2026-12-05", 1000)]));
        Assert.Equal(600m, Assert.Single(book.Items).Collected);

        book.Upsert([Due("S", "2026-12-05", 1200)]); // amount raised: still 600 collected, 600 outstanding
        Assert.Equal((600m, 600m), (Assert.Single(book.Items).Collected, book.Items.Single().Outstanding));

        book.Upsert([Due("S", "2026-12-05", 500)]); // amount lowered: collected in full, 100 becomes credit
        Assert.Equal(500m, Assert.Single(book.Items).Collected);
        Assert.Equal(100m, book.UnmatchedCredit("S"));
        Assert.Equal(1, book.ItemCount);
    }

    [Fact]
    public void An_item_is_open_through_its_grace_end_and_lapsed_from_the_next_day()
    {
        var book = new RenewalBook();
        book.Upsert([Due("L", "2026-01-01", 1000)]);
        var item = Assert.Single(book.Items);

        Assert.Equal(Date("2026-03-02"), item.GraceEndsOn); // 1 Jan + 60 days
        Assert.Equal(60, item.DaysLeft(Date("2026-01-01")));
        Assert.Equal(RenewalStatus.Open, item.StatusOn(Date("2026-03-02")));
        Assert.Equal(0, item.DaysLeft(Date("2026-03-02")));
        Assert.Equal(RenewalStatus.Lapsed, item.StatusOn(Date("2026-03-03")));
    }

    [Fact]
    public void A_payment_on_the_last_day_of_grace_collects_and_one_after_it_goes_to_the_next_item()
    {
        var book = new RenewalBook(graceDays: 30);
        book.Upsert([Due("G", "2026-01-01", 1000), Due("G", "2026-02-01", 1000), Due("H", "2026-01-01", 1000)]);
        var (january, february) = (book.ItemsOf("G").First(), book.ItemsOf("G").Last());
        Assert.Equal(Date("2026-01-31"), january.GraceEndsOn);

        book.Collect(Paid("H", "2026-01-31", 1000));
        book.Collect(Paid("G", "2026-02-01", 1000)); // January lapsed the night before: February takes it

        Assert.Equal(RenewalStatus.Collected, book.ItemsOf("H").Single().StatusOn(Date("2026-06-01")));
        Assert.Equal((0m, RenewalStatus.Lapsed), (january.Collected, january.StatusOn(Date("2026-02-01"))));
        Assert.Equal((1000m, RenewalStatus.Collected), (february.Collected, february.StatusOn(Date("2026-02-01"))));
    }

    [Fact]
    public void The_same_items_and_payments_give_the_same_book_whatever_came_first()
    {
        RenewalDue[] items = [Due("P", "2026-11-05", 3000), Due("P", "2027-11-05", 3000), Due("Q", "2026-11-20", 2000)];
        RenewalPayment[] payments = [Paid("P", "2026-11-01", 2000), Paid("Q", "2026-11-21", 500), Paid("P", "2026-12-01", 2000)];

        var itemsFirst = new RenewalBook();
        itemsFirst.Upsert(items);
        foreach (var p in payments) itemsFirst.Collect(p);
        var paymentsFirst = new RenewalBook();
        foreach (var p in payments) paymentsFirst.Collect(p);
        paymentsFirst.Upsert(items);

        static object Shape(RenewalBook b) => string.Join(";", b.Items.Select(i => $"{i.Due.PolicyId}@{i.Due.DueDate:yyyy-MM-dd}:{i.Collected}"));
        Assert.Equal(Shape(itemsFirst), Shape(paymentsFirst));
        Assert.Equal("P@2026-11-05:3000;P@2027-11-05:1000;Q@2026-11-20:500", Shape(itemsFirst));
    }
}
