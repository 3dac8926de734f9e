using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Access;

public sealed class TokenFuzzFixture : IAsyncLifetime
{
    public AccessHost Host { get; private set; } = null!;

    public AccessOrg Org { get; } = new();

    public async Task InitializeAsync()
    {
        Host = await AccessHost.StartAsync(AccessHost.MondayLateMorning);
        await Host.AdminAsync(HttpMethod.Put, "/api/v1/org", Org.Org());
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Every way a token can be wrong is a 401 problem with <c>WWW-Authenticate: Bearer</c>, on the API and on the hub's
/// negotiate alike (docs/api.md, "Access control"); the clock skew tolerated on <c>exp</c> is at most 30 s.
/// </summary>
public sealed class TokenFuzzTests(TokenFuzzFixture fixture) : IClassFixture<TokenFuzzFixture>
{
    /// <summary>48 bytes that are not the server's key.</summary>
    private static readonly string OtherKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("not-the-tracking-signing-key-0123456789-abcdefgh"));

    private AccessHost Host => fixture.Host;

    private string Resource => $"/api/v1/branches/{fixture.Org.B1}";

    public static TheoryData<string> BadTokens() =>
    [
        "missing", "expired", "not yet valid", "wrong key", "alg none", "wrong issuer", "wrong audience",
        "tampered role", "no exp", "HS384 with the right key", "garbage abc", "garbage a.b.c",
    ];

    private string? TokenFor(string name) => name switch
    {
        "missing" => null,
        "expired" => TestTokens.Mint("u-admin", ["admin"], lifetime: TimeSpan.FromMinutes(-5), notBefore: DateTimeOffset.UtcNow.AddMinutes(-20)),
        "not yet valid" => TestTokens.Mint("u-admin", ["admin"], notBefore: DateTimeOffset.UtcNow.AddMinutes(10)),
        "wrong key" => TestTokens.Mint("u-admin", ["admin"], signingKey: OtherKey),
        "alg none" => TestTokens.Unsigned(),
        "wrong issuer" => TestTokens.Mint("u-admin", ["admin"], issuer: "someone-else"),
        "wrong audience" => TestTokens.Mint("u-admin", ["admin"], audience: "someone-else"),
        "tampered role" => TestTokens.Tampered(TestTokens.Display(fixture.Org.B1), "\"role\":\"display\"", "\"role\":\"admin\""),
        "no exp" => Signed(SecurityAlgorithms.HmacSha256, expires: null),
        "HS384 with the right key" => Signed(SecurityAlgorithms.HmacSha384, expires: DateTime.UtcNow.AddHours(1)),
        "garbage abc" => "abc",
        "garbage a.b.c" => "a.b.c",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Fact]
    public async Task A_valid_admin_token_is_accepted_on_the_same_request()
    {
        Assert.Equal(200, (await Host.GetAsync(Resource, TestTokens.Admin())).Status);
        using var negotiate = await NegotiateAsync(TestTokens.Admin(), inQuery: false);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public void The_tampered_token_differs_from_the_signed_one_only_in_its_role()
    {
        var signed = TestTokens.Display(fixture.Org.B1);
        var tampered = TestTokens.Tampered(signed, "\"role\":\"display\"", "\"role\":\"admin\"");
        Assert.NotEqual(signed.Split('.')[1], tampered.Split('.')[1]);
        Assert.Equal("admin", new JsonWebToken(tampered).GetClaim("role").Value);
        Assert.Equal(signed.Split('.')[2], tampered.Split('.')[2]);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_problem_with_a_bearer_challenge(string bad)
    {
        var answer = await Host.GetAsync(Resource, TokenFor(bad));

        Assert.True(answer.Status == 401, $"{bad}: {answer}");
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(401, answer.Json!["status"]!.GetValue<int>());
        Assert.StartsWith("Bearer", answer.WwwAuthenticate);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task The_hub_negotiate_refuses_a_bad_token_with_401_in_the_header_or_the_query(string bad)
    {
        foreach (var inQuery in new[] { false, true })
        {
            using var negotiate = await NegotiateAsync(TokenFor(bad), inQuery);
            Assert.True(negotiate.StatusCode == HttpStatusCode.Unauthorized, $"{bad} (in {(inQuery ? "access_token" : "header")}): {(int)negotiate.StatusCode}");
            Assert.StartsWith("Bearer", negotiate.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task A_valid_token_in_the_access_token_query_is_not_taken_outside_the_hub()
    {
        var answer = await Host.GetAsync($"{Resource}?access_token={Uri.EscapeDataString(TestTokens.Admin())}", token: null);

        Assert.Equal(401, answer.Status);
        Assert.StartsWith("Bearer", answer.WwwAuthenticate);
    }

    [Fact]
    public async Task A_token_expired_10_s_ago_is_still_accepted_within_the_clock_skew()
    {
        var token = TestTokens.Mint("u-admin", ["admin"], lifetime: TimeSpan.FromSeconds(-10), notBefore: DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.True(new JsonWebToken(token).ValidTo < DateTime.UtcNow.AddSeconds(-9));

        Assert.Equal(200, (await Host.GetAsync(Resource, token)).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_past_its_exp_opens_no_hub_connection_even_within_the_clock_skew(bool inQuery)
    {
        var token = TestTokens.Mint("u-admin", ["admin"], lifetime: TimeSpan.FromSeconds(-10), notBefore: DateTimeOffset.UtcNow.AddMinutes(-10));

        using var negotiate = await NegotiateAsync(token, inQuery);

        Assert.Equal(401, (int)negotiate.StatusCode);
        using var fresh = await NegotiateAsync(TestTokens.Admin(), inQuery);
        Assert.Equal(200, (int)fresh.StatusCode);
    }

    [Fact]
    public async Task A_token_expired_60_s_ago_is_refused()
    {
        var token = TestTokens.Mint("u-admin", ["admin"], lifetime: TimeSpan.FromSeconds(-60), notBefore: DateTimeOffset.UtcNow.AddMinutes(-10));

        var answer = await Host.GetAsync(Resource, token);

        Assert.Equal(401, answer.Status);
        Assert.StartsWith("Bearer", answer.WwwAuthenticate);
    }

    private async Task<HttpResponseMessage> NegotiateAsync(string? token, bool inQuery)
    {
        using var http = new HttpClient { BaseAddress = Host.BaseAddress };
        var path = "/hubs/tracking/negotiate?negotiateVersion=1";
        if (inQuery && token is not null) path += "&access_token=" + Uri.EscapeDataString(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (!inQuery && token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    /// <summary>An admin token signed with the server's key by <paramref name="algorithm"/>, expiring then (null: no <c>exp</c>).</summary>
    private static string Signed(string algorithm, DateTime? expires) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "tracking",
        Audience = "tracking",
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("sub", "u-admin"), new Claim("role", "admin")]),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(TestTokens.SigningKey)), algorithm),
    });
}
