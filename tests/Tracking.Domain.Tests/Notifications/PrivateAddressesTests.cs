using System.Net;
using Tracking.Domain.Notifications;

namespace Tracking.Domain.Tests.Notifications;

/// <summary>The SSRF guard's address rules: what a webhook may not reach unless private networks are allowed.</summary>
public sealed class PrivateAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.20")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Loopback_link_local_private_cgnat_unspecified_and_multicast_addresses_are_private(string address) =>
        Assert.True(PrivateAddresses.IsPrivate(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_not(string address) =>
        Assert.False(PrivateAddresses.IsPrivate(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("https://example.com/hook", null)]
    [InlineData("http://example.com:8080/hook?x=1", null)]
    [InlineData("ftp://example.com/hook", "must be an http or https URL.")]
    [InlineData("file:///etc/passwd", "must be an http or https URL.")]
    [InlineData("example.com/hook", "must be an absolute URL, e.g. https://example.com/hooks/tracking.")]
    [InlineData("https://user:pw@example.com/hook", "must not carry a user name or password.")]
    public void Only_absolute_http_and_https_urls_without_credentials_are_taken(string url, string? problem) =>
        Assert.Equal(problem, PrivateAddresses.UrlProblem(url));
}
