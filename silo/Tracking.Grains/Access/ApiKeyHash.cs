using System.Security.Cryptography;
using System.Text;

namespace Tracking.Grains.Access;

/// <summary>
/// How a key is kept: HMAC-SHA-256 of the whole key under a random salt of its own. No slow key-derivation
/// function (PBKDF2, Argon2): those make guessing a low-entropy password costly, but a key holds 256 random
/// bits, beyond any guessing, so a fast hash is as safe and keeps verification (every request) cheap.
/// </summary>
public static class ApiKeyHash
{
    public const int SaltBytes = 16;

    public static (byte[] Salt, byte[] Hash) Of(string key)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (salt, Compute(salt, key));
    }

    /// <summary>Whether the presented key is the one hashed; compared in constant time, so timing tells nothing of the hash.</summary>
    public static bool Matches(StoredApiKey stored, string presentedKey) =>
        CryptographicOperations.FixedTimeEquals(Compute(stored.Salt, presentedKey), stored.Hash);

    private static byte[] Compute(byte[] salt, string key) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(key));
}
