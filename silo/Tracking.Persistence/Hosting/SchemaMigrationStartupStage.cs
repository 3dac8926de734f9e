using Orleans;
using Orleans.Runtime;
using Tracking.Persistence.Schema;

namespace Tracking.Persistence.Hosting;

/// <summary>
/// Runs the <see cref="SchemaMigrator"/> in the silo's very first lifecycle stage, so the schema exists before
/// the ADO.NET clustering, grain storage and reminder providers read their queries from <c>OrleansQuery</c>
/// (they start in later stages) and before any grain can use the event log. A failed migration fails the
/// silo's start.
/// </summary>
public sealed class SchemaMigrationStartupStage(SchemaMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The lifecycle stage the migration runs in (<see cref="ServiceLifecycleStage.First"/>).</summary>
    public const int Stage = ServiceLifecycleStage.First;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationStartupStage), Stage, cancellationToken => migrator.MigrateAsync(cancellationToken));
}
