using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Grains.Agents;

namespace Tracking.IntegrationTests.Grains;

/// <summary>
/// The ledger keeps <c>Ingest:MaxAgeDays</c> and a year more: an agent busy every day of that window still has a
/// snapshot of a size storage handles at ease, and it reads back to the same counts.
/// </summary>
public sealed class LedgerSnapshotSizeTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(AgentInfo).Assembly).AddAssembly(typeof(AgentLedgerSnapshot).Assembly))
        .BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void A_snapshot_of_every_day_the_default_retention_keeps_stays_under_a_megabyte_and_reads_back_whole()
    {
        var clock = BranchClock.For("Asia/Shanghai");
        var book = new AgentBook(AgentLedger.DefaultMaxAgeDays);
        var newest = new DateOnly(2026, 12, 3);
        var days = book.Ledger.RetentionDays + 1;
        long arrival = 0;
        for (var d = newest.AddDays(-(days - 1)); d <= newest; d = d.AddDays(1))
        {
            var at = clock.AtLocal(d.ToDateTime(new TimeOnly(10, 0)));
            var id = $"e{arrival}";
            book.Apply(new ActivityEvent(id + "c", "A1", ActivityType.Call, at), d, "T1", ++arrival);
            book.Apply(new ActivityEvent(id + "v", "A1", ActivityType.Visit, at, Visit: new VisitDetails(VisitKind.Sales, true, CustomerClass.A)), d, "T1", ++arrival);
            book.Apply(new ActivityEvent(id + "p", "A1", ActivityType.Policy, at, Policy: new PolicyDetails($"P-{arrival}", 12_000.50m)), d, "T1", ++arrival);
            book.Apply(new ActivityEvent(id + "r", "A1", ActivityType.Renewal, at, Renewal: new RenewalDetails($"R-{arrival}", 3_500m, 2)), d, "T1", ++arrival);
        }
        var snapshot = new AgentLedgerSnapshot();
        book.CopyTo(snapshot);
        Assert.Equal(days, snapshot.Buckets.Count);

        var serializer = _services.GetRequiredService<Serializer>();
        var bytes = serializer.SerializeToArray(snapshot);
        var read = serializer.Deserialize<AgentLedgerSnapshot>(bytes);

        // The policies (one per day here, far more than a typical agent sells) weigh as much as the days.
        Assert.True(bytes.Length < 1024 * 1024, $"{bytes.Length} bytes for {days} days");
        var restored = new AgentBook(AgentLedger.DefaultMaxAgeDays);
        restored.Restore(read!);
        var oldestMonth = PeriodKey.Containing(PeriodKind.Month, newest.AddDays(-(days - 1)));
        Assert.Equal(book.Ledger.Totals(oldestMonth).Values, restored.Ledger.Totals(oldestMonth).Values);
    }
}
