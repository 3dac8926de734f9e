using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tracking.Grains.WebPush;

/// <summary>A VAPID key pair (RFC 8292) in the form browsers and push services use: base64url, P-256.</summary>
[GenerateSerializer, Alias("tracking.vapid-keys")]
public sealed record VapidKeys(
    [property: Id(0)] string PublicKey,
    [property: Id(1)] string PrivateKey)
{
    /// <summary>A fresh P-256 key pair: the public key as an uncompressed point (0x04 ‖ X ‖ Y), the private key as the scalar.</summary>
    public static VapidKeys Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var point = new byte[65];
        point[0] = 0x04;
        parameters.Q.X!.CopyTo(point, 1);
        parameters.Q.Y!.CopyTo(point, 33);
        var keys = new VapidKeys(Base64Url.EncodeToString(point), Base64Url.EncodeToString(parameters.D!));
        CryptographicOperations.ZeroMemory(parameters.D);
        return keys;
    }

    /// <summary>The configured keys, or null when the configuration names none.</summary>
    public static VapidKeys? Configured(WebPushOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicKey) || string.IsNullOrWhiteSpace(options.PrivateKey)
            ? null
            : new VapidKeys(options.PublicKey.Trim(), options.PrivateKey.Trim());
}
