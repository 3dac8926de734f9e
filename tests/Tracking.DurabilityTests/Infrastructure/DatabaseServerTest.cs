using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>A server test with a database of its own, created before the test and dropped after its servers stop.</summary>
public abstract class DatabaseServerTest(ITestOutputHelper output, string databaseName) : ServerTest(output)
{
    private TemporaryDatabase? _database;

    protected TemporaryDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public override async Task InitializeAsync() => _database = await TemporaryDatabase.CreateAsync(databaseName);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
