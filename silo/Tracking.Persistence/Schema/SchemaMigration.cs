using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Tracking.Persistence.Schema;

/// <summary>
/// One numbered schema script from <c>deploy/sql</c> (embedded in this assembly), e.g.
/// <c>004_event_log.sql</c> is version 4 named <c>event_log</c>.
/// </summary>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Tracking.Persistence.Migrations.";

    /// <summary>SHA-256 of the script with line endings normalised, so a checkout with CRLF does not look changed.</summary>
    /// <remarks>Computed from <see cref="Sql"/> each time, so a copy made with <c>with</c> has its own checksum.</remarks>
    public string Checksum => ComputeChecksum(Sql);

    /// <summary>
    /// Earlier revisions of scripts that differ from their successor in comments only (a comment that pointed outside
    /// the repository was reworded): the checksum a database recorded for the earlier one, and the successor's. A
    /// database that recorded the earlier revision has the same schema as one that ran its successor.
    /// </summary>
    private static readonly Dictionary<string, string> CommentOnlySuccessors = new(StringComparer.Ordinal)
    {
        ["80d426c84a7bf3a9cfddc6a8ee7997e04e885b6b2534862e4f9b1bbe0d86e776"] = "ea2010694fe8e6cb37090d17886e789a3baba34aa6aa5257f5e67fcc6c396f72", // 002
        ["63beb124619d65d1c538f5ae4d7cf82a5e70c4aa9cdca63dbbc0c5310756e73e"] = "acb15b3220161e2dd291dd4cdac1f61793cca6ad28df1a6a8e3d81e3adeb17f0", // 004
    };

    /// <summary>Whether a checksum recorded by a database is this script's, or that of a comment-only predecessor of exactly this script.</summary>
    public bool IsAppliedAs(string recordedChecksum) =>
        string.Equals(recordedChecksum, Checksum, StringComparison.Ordinal)
        || (CommentOnlySuccessors.TryGetValue(recordedChecksum, out var successor) && string.Equals(successor, Checksum, StringComparison.Ordinal));

    /// <summary>The migrations embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> Embedded { get; } = LoadEmbedded();

    private static IReadOnlyList<SchemaMigration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigration).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_');
            if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Embedded migration '{resource}' is not named NNN_name.sql.");
            }

            migrations.Add(new SchemaMigration(version, fileName[(separator + 1)..], ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two embedded migrations share version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' cannot be read.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string ComputeChecksum(string sql)
    {
        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
