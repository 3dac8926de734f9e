using System.Buffers.Text;

namespace Tracking.Abstractions.Contracts;

/// <summary>
/// An API key as the API lists it and as a verified key identifies its caller: never the key itself.
/// No branch ids means every branch.
/// </summary>
[GenerateSerializer, Immutable, Alias("tracking.api-key-info")]
public sealed record ApiKeyInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> BranchIds,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>
/// <c>POST /api/v1/api-keys</c>: a new key with the key itself, which is shown this once; only a hash of it is stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("tracking.created-api-key")]
public sealed record CreatedApiKey(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Key,
    [property: Id(3)] IReadOnlyList<string> BranchIds,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>
/// The shape of an API key: <c>trk_&lt;id&gt;_&lt;secret&gt;</c>, the id 12 lower-case hex digits (so the key's record is
/// found without a search) and the secret 32 random bytes in base64url (43 characters). A string of another shape
/// is refused before anything is looked up.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "trk_";
    public const int IdLength = 12;
    public const int SecretBytes = 32;
    public static readonly int SecretLength = Base64Url.GetEncodedLength(SecretBytes);
    public static readonly int KeyLength = Prefix.Length + IdLength + 1 + SecretLength;

    public static string Compose(string id, ReadOnlySpan<byte> secret) => $"{Prefix}{id}_{Base64Url.EncodeToString(secret)}";

    /// <summary>The id of a key of the right shape; false for anything else.</summary>
    public static bool TryGetId(string? key, out string id)
    {
        id = "";
        if (key is null || key.Length != KeyLength || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + IdLength] != '_')
            return false;
        var candidate = key.AsSpan(Prefix.Length, IdLength);
        if (!IsId(candidate) || !Base64Url.IsValid(key.AsSpan(Prefix.Length + IdLength + 1))) return false;
        id = candidate.ToString();
        return true;
    }

    /// <summary>Whether the text could be a key's id (12 lower-case hex digits), e.g. in <c>DELETE /api/v1/api-keys/{id}</c>.</summary>
    public static bool IsId(ReadOnlySpan<char> text)
    {
        if (text.Length != IdLength) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c)) return false;
        }
        return true;
    }
}
