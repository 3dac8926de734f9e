using System.Net;
using Tracking.Hosting;

namespace Tracking.Api.Access;

/// <summary>How the server treats callers: open (no credentials asked) or on (tokens and API keys required).</summary>
public enum AccessMode { Open, On }

/// <summary>
/// The access-control settings (<c>Auth:*</c>) and the decision they lead to. The server answers without
/// credentials only on its embedded default while it listens on loopback alone; with a PostgreSQL connection
/// string or an address beyond loopback it refuses to start unless a signing key or authority turns access
/// control on, or <c>Auth:Disabled=true</c> says explicitly that it runs open. A key or authority turns it on in
/// every mode.
/// </summary>
public sealed record AccessControl(AccessMode Mode, string? SigningKey, string? Authority, string Issuer, string Audience, bool ExplicitlyOpen)
{
    public const string Section = "Auth";
    public const string DefaultIssuer = "tracking";
    public const string DefaultAudience = "tracking";
    /// <summary>HS256 keys shorter than this are refused: a shorter HMAC key can be guessed.</summary>
    public const int MinimumKeyBytes = 32;

    public bool IsOn => Mode == AccessMode.On;

    public static AccessControl From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var key = NullIfBlank(section["SigningKey"]);
        var authority = NullIfBlank(section["Authority"]);
        var on = key is not null || authority is not null;
        return new AccessControl(
            on ? AccessMode.On : AccessMode.Open,
            key,
            authority,
            NullIfBlank(section["Issuer"]) ?? DefaultIssuer,
            NullIfBlank(section["Audience"]) ?? DefaultAudience,
            !on && section.GetValue<bool>("Disabled"));
    }

    /// <summary>
    /// Why the server must not start with these settings, or null when it may. Checked before anything listens.
    /// </summary>
    public string? RefusalReason(IConfiguration configuration)
    {
        if (SigningKey is not null && !IsValidSigningKey(SigningKey))
            return $"Auth:SigningKey must be base64 of at least {MinimumKeyBytes} bytes (for example `openssl rand -base64 48`).";
        if (IsOn || ExplicitlyOpen) return null;
        var durable = TrackingClusterHosting.IsDurable(configuration);
        var beyond = ListenAddresses(configuration).Where(a => !IsLoopback(a)).ToList();
        if (!durable && beyond.Count == 0) return null;
        var why = durable
            ? "a PostgreSQL connection string is set (ConnectionStrings:Tracking)"
            : $"it would listen beyond loopback ({string.Join(", ", beyond)})";
        return $"Refusing to start without access control: {why}. Set Auth:SigningKey (base64, at least {MinimumKeyBytes} bytes) " +
               "or Auth:Authority (an OpenID Connect issuer) to require tokens, or Auth:Disabled=true to run open on purpose.";
    }

    /// <summary>The one line logged at start that says how callers are treated.</summary>
    public string Describe() => Mode switch
    {
        AccessMode.On when Authority is not null => $"Access control on: bearer tokens from {Authority} (audience {Audience}) and API keys.",
        AccessMode.On => $"Access control on: HS256 bearer tokens of issuer {Issuer}, audience {Audience}, and API keys.",
        _ when ExplicitlyOpen => "Access control disabled (Auth:Disabled=true): anyone who can reach this server may read and change everything.",
        _ => "Access control off: embedded mode on loopback only, anyone on this machine may read and change everything. " +
             "Set Auth:SigningKey to require tokens.",
    };

    public static bool IsValidSigningKey(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var length) && length >= MinimumKeyBytes;
    }

    public static byte[] SigningKeyBytes(string key) => Convert.FromBase64String(key);

    /// <summary>The addresses the server is told to listen on (<c>urls</c>, <c>ASPNETCORE_URLS</c>, Kestrel endpoints).</summary>
    public static IReadOnlyList<string> ListenAddresses(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        var ports = new[] { configuration["http_ports"], configuration["https_ports"] }.OfType<string>()
            .SelectMany(p => p.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(p => $"http://*:{p}");
        return [.. urls, .. endpoints, .. ports];
    }

    /// <summary>True for <c>localhost</c> and loopback IP addresses; false for wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>) and any other host.</summary>
    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        string host;
        if (rest.StartsWith('[')) host = rest[1..Math.Max(1, rest.IndexOf(']'))];
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end < 0 ? rest : rest[..end];
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
