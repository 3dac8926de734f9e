using Tracking.TestSupport;

namespace Tracking.Postgres.Tests.Infrastructure;

/// <summary>A fresh database per test class with the schema migrations applied.</summary>
public sealed class MigratedDatabaseFixture : DatabaseFixture
{
    protected override string Prefix => "migrated";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await new Tracking.Persistence.Schema.SchemaMigrator(ConnectionString).MigrateAsync();
    }
}
