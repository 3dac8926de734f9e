using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts.Requests;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>A checked <c>POST /api/v1/push-subscriptions</c>: the push service URL and the browser's keys (base64url).</summary>
public sealed record NewPushSubscription(string Endpoint, string P256dh, string Auth);

/// <summary>
/// Checks a browser's push subscription: an https endpoint (http only to a loopback host, and only with
/// <c>WebPush:AllowInsecureEndpoints=true</c>, a setting for tests), a P-256 public key as an uncompressed point on the
/// curve, and a 16-byte authentication secret.
/// </summary>
public sealed class PushSubscriptionRequestValidator(IConfiguration configuration) : IRequestValidator<PushSubscriptionRequest, NewPushSubscription>
{
    public const string AllowInsecureEndpointsKey = "WebPush:AllowInsecureEndpoints";
    private const int PointBytes = 65;
    private const int AuthBytes = 16;

    private readonly bool _allowInsecure = configuration.GetValue<bool>(AllowInsecureEndpointsKey);

    public JsonTypeInfo<PushSubscriptionRequest> JsonType => RequestJsonContext.Default.PushSubscriptionRequest;

    public (string Path, string Message) ShapeError { get; } =
        ("$", "must be an object with endpoint and keys, e.g. {\"endpoint\": \"https://…\", \"keys\": {\"p256dh\": \"…\", \"auth\": \"…\"}}.");

    public NewPushSubscription? Validate(PushSubscriptionRequest request, ValidationErrors errors)
    {
        if (Present(request.Endpoint, "endpoint", errors)) CheckEndpoint(request.Endpoint, errors);
        if (Present(request.Keys, "keys", errors))
        {
            if (Present(request.Keys.P256dh, "keys.p256dh", errors) && !IsPoint(request.Keys.P256dh))
                errors.Add("keys.p256dh", $"must be base64url of an uncompressed P-256 point ({PointBytes} bytes starting 0x04).");
            if (Present(request.Keys.Auth, "keys.auth", errors) && Decode(request.Keys.Auth)?.Length != AuthBytes)
                errors.Add("keys.auth", $"must be base64url of {AuthBytes} bytes.");
        }
        return errors.Any ? null : new NewPushSubscription(request.Endpoint!, request.Keys!.P256dh!, request.Keys.Auth!);
    }

    private void CheckEndpoint(string endpoint, ValidationErrors errors)
    {
        if (endpoint.Length > PushSubscriptionRequest.MaxEndpointLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            errors.Add("endpoint", $"must be an absolute https URL of at most {PushSubscriptionRequest.MaxEndpointLength} characters.");
        else if (uri.Scheme == Uri.UriSchemeHttps) return;
        else if (uri.Scheme == Uri.UriSchemeHttp && _allowInsecure && IsLoopback(uri)) return;
        else errors.Add("endpoint", "must be an https URL.");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static bool IsPoint(string text)
    {
        if (Decode(text) is not { Length: PointBytes } point || point[0] != 0x04) return false;
        try
        {
            using var key = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..] },
            });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[]? Decode(string text)
    {
        var unpadded = text.TrimEnd('=');
        if (!Base64Url.IsValid(unpadded, out _)) return null;
        try
        {
            return Base64Url.DecodeFromChars(unpadded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
