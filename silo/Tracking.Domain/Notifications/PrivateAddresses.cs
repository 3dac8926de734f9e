using System.Net;
using System.Net.Sockets;

namespace Tracking.Domain.Notifications;

/// <summary>
/// Which addresses a webhook may not reach unless private networks are allowed: loopback, link-local, private
/// (RFC 1918, fc00::/7), carrier-grade NAT (100.64.0.0/10), unspecified (0.0.0.0, ::) and multicast. A URL whose
/// host resolves to any of them would let whoever defines a webhook probe the server's own network (SSRF).
/// </summary>
public static class PrivateAddresses
{
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPrivateV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPrivateV6(address),
            _ => true,
        };
    }

    private static bool IsPrivateV4(byte[] b) =>
        b[0] == 0                                   // 0.0.0.0/8, "this network"
        || b[0] == 10                               // 10/8
        || b[0] == 127                              // loopback
        || (b[0] == 100 && (b[1] & 0xC0) == 64)     // 100.64/10, carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)             // link-local
        || (b[0] == 172 && (b[1] & 0xF0) == 16)     // 172.16/12
        || (b[0] == 192 && b[1] == 168)             // 192.168/16
        || b[0] >= 224;                             // multicast and reserved, broadcast

    private static bool IsPrivateV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(address)) return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return true;
        var b = address.GetAddressBytes();
        return (b[0] & 0xFE) == 0xFC; // fc00::/7, as IsIPv6UniqueLocal on runtimes that lack it
    }

    /// <summary>
    /// Whether <paramref name="url"/> is an absolute http(s) URL a webhook may name; null when it is, else why not.
    /// Its host's addresses are checked apart (<see cref="IsPrivate"/>), when it is resolved.
    /// </summary>
    public static string? UrlProblem(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) ? "must be an absolute URL, e.g. https://example.com/hooks/tracking."
        : uri.Scheme is not ("http" or "https") ? "must be an http or https URL."
        : uri.UserInfo.Length > 0 ? "must not carry a user name or password."
        : null;
}
