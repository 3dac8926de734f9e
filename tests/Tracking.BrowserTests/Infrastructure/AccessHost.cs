using System.Net.Http.Headers;
using Tracking.TestSupport;

namespace Tracking.BrowserTests.Infrastructure;

/// <summary>
/// A second host for the tests of access tokens: access control on (<c>Auth:SigningKey</c>, the tests' key), so the
/// pages get nothing without a token. Its API client sets up organisations as an admin; tokens are minted by the tests.
/// </summary>
public sealed class AccessHost : IAsyncLifetime
{
    public HostProcess Host { get; } = new(TestTokens.Setting);

    public HostApi Api { get; private set; } = null!;

    public Uri BaseAddress => Host.BaseAddress;

    public async Task InitializeAsync()
    {
        await Host.StartAsync();
        var http = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin());
        Api = new HostApi(http);
    }

    public async Task DisposeAsync()
    {
        Api?.Http.Dispose();
        await Host.DisposeAsync();
    }
}
