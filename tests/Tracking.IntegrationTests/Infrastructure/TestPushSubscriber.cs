using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// What a browser holds for a push subscription: a P-256 key pair and a 16-byte auth secret. Decrypts what the push
/// service received as the browser would (RFC 8291 over RFC 8188 aes128gcm), written here from the RFCs so the test
/// does not trust the server's library to check itself.
/// </summary>
public sealed class TestPushSubscriber : IDisposable
{
    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _auth = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _publicKey;

    public TestPushSubscriber()
    {
        var q = _key.ExportParameters(includePrivateParameters: false).Q;
        _publicKey = [0x04, .. q.X!, .. q.Y!];
    }

    public string P256dh => Base64Url.EncodeToString(_publicKey);

    public string Auth => Base64Url.EncodeToString(_auth);

    public object Subscription(string endpoint) => new { endpoint, keys = new { p256dh = P256dh, auth = Auth } };

    /// <summary>The plaintext of an aes128gcm body encrypted to this subscription.</summary>
    public string Decrypt(byte[] body)
    {
        // RFC 8188 header: salt (16) | record size (4) | key id length (1) | key id: the sender's public key (65).
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        int idLength = body[20];
        Assert.Equal(65, idLength);
        var senderKey = body[21..(21 + idLength)];
        var ciphertext = body[(21 + idLength)..];
        Assert.True(ciphertext.Length <= recordSize, "one record only");

        // RFC 8291 section 3.4: the input keying material from the ECDH secret and the auth secret.
        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] },
        });
        var ecdhSecret = _key.DeriveRawSecretAgreement(sender.PublicKey);
        var keyInfo = Concat("WebPush: info\0"u8, _publicKey, senderKey);
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ecdhSecret, 32, salt: _auth, info: keyInfo);

        // RFC 8188 section 2.2/2.3: content encryption key and nonce (sequence 0 leaves the nonce as derived).
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());

        var plaintext = new byte[ciphertext.Length - 16];
        using (var aes = new AesGcm(cek, 16))
            aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], plaintext);

        // The last record ends with the delimiter 0x02, then zero padding.
        var end = plaintext.Length - 1;
        while (end >= 0 && plaintext[end] == 0) end--;
        Assert.Equal(0x02, plaintext[end]);
        return Encoding.UTF8.GetString(plaintext, 0, end);
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, byte[] b, byte[] c) => [.. a, .. b, .. c];

    public void Dispose() => _key.Dispose();
}
