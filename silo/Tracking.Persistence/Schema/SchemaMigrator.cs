using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Tracking.Persistence.Schema;

/// <summary>
/// Brings a PostgreSQL database up to the schema this build expects by applying the embedded
/// <see cref="SchemaMigration"/>s that it has not applied yet, and records them in <c>schema_version</c>.
/// </summary>
/// <remarks>
/// Idempotent and safe when several nodes start at once: the whole run is one transaction that first takes a
/// transaction-scoped advisory lock, so concurrent migrators queue, and each later one finds the versions the
/// first recorded. PostgreSQL DDL is transactional, so a failing script leaves the database as it was.
/// A script that was changed after it was applied is refused (add a new numbered script instead).
/// </remarks>
public sealed class SchemaMigrator
{
    /// <summary>The advisory lock key every Tracking migrator takes ("Tracking" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x547261636B696E67;

    private readonly string _connectionString;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly ILogger _logger;

    public SchemaMigrator(string connectionString, ILogger<SchemaMigrator>? logger = null)
        : this(connectionString, SchemaMigration.Embedded, logger)
    {
    }

    /// <summary>A migrator for an explicit list of migrations (tests use this to simulate a changed script).</summary>
    public SchemaMigrator(string connectionString, IReadOnlyList<SchemaMigration> migrations, ILogger<SchemaMigrator>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(migrations);
        _connectionString = connectionString;
        _migrations = migrations.OrderBy(m => m.Version).ToList();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How long one run may take, waiting for another node's run included. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Applies the pending migrations and returns the ones this call applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<SchemaMigration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var token = timeout.Token;

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);

        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1)", token, AdvisoryLockKey);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version
            (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, token);

        var applied = await ReadAppliedAsync(connection, token);
        var appliedNow = new List<SchemaMigration>();
        foreach (var migration in _migrations)
        {
            if (applied.TryGetValue(migration.Version, out var recordedChecksum))
            {
                if (!migration.IsAppliedAs(recordedChecksum))
                {
                    throw new InvalidOperationException(
                        $"Schema migration {migration.Version:000}_{migration.Name} differs from the one applied to this database. " +
                        "Applied migrations must never change; add a new numbered migration instead.");
                }

                continue;
            }

            _logger.LogInformation("Applying schema migration {Version:000}_{Name}", migration.Version, migration.Name);
            await ExecuteAsync(connection, migration.Sql, token);
            await ExecuteAsync(connection, "INSERT INTO schema_version (version, name, checksum) VALUES ($1, $2, $3)", token,
                migration.Version, migration.Name, migration.Checksum);
            appliedNow.Add(migration);
        }

        await transaction.CommitAsync(token);
        if (appliedNow.Count == 0)
        {
            _logger.LogDebug("Schema is up to date (version {Version})", _migrations.Count == 0 ? 0 : _migrations[^1].Version);
        }

        return appliedNow;
    }

    /// <summary>The versions recorded in <c>schema_version</c> (empty when the table does not exist yet).</summary>
    public async Task<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return [];
        }

        return (await ReadAppliedAsync(connection, cancellationToken)).Keys.Order().ToList();
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
