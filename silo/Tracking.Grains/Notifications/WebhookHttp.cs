using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracking.Domain.Notifications;

namespace Tracking.Grains.Notifications;

/// <summary>
/// The named HttpClient webhooks are posted with: no redirects followed (a 3xx is a failed attempt), no proxy, and
/// the SSRF guard applied when connecting: the host is resolved then, and a private address is refused unless
/// <see cref="WebhookOptions.AllowPrivateNetworks"/>, so a name that resolved to a public address when the webhook
/// was saved cannot be pointed at the server's own network later.
/// </summary>
public static class WebhookHttp
{
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookOptions.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectTimeout = options.AttemptTimeout,
                    ConnectCallback = (context, cancel) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateNetworks, cancel),
                };
            });
        return services;
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancel)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancel);
        if (addresses.Length == 0) throw new HttpRequestException($"'{endpoint.Host}' has no address.");
        if (!allowPrivate && addresses.Any(PrivateAddresses.IsPrivate))
            throw new HttpRequestException($"'{endpoint.Host}' resolves to a private address; webhooks may not reach private networks.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
