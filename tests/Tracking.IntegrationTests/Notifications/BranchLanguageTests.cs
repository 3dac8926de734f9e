using System.Net.Http.Json;
using Tracking.IntegrationTests.Api;
using Tracking.IntegrationTests.Infrastructure;
using static Tracking.IntegrationTests.Infrastructure.ProblemAnswers;

namespace Tracking.IntegrationTests.Notifications;

/// <summary>The branch's <c>language</c> (of its chat-robot webhook messages): zh-CN by default, en when set, nothing else.</summary>
[Collection(TrackingHostCollection.Name)]
public sealed class BranchLanguageTests(TrackingHostFixture host)
{
    private static object Org(OrgBuilder org, string? language) =>
        new { branches = new[] { new { id = org.Branch, name = "Branch", timeZone = org.TimeZone, language } } };

    [Fact]
    public async Task A_branch_speaks_zh_CN_unless_it_says_en_and_nothing_else_is_taken()
    {
        var org = new OrgBuilder();
        await host.PutOrgAsync(Org(org, null));
        Assert.Equal("zh-CN", (await host.GetJsonAsync($"/api/v1/branches/{org.Branch}"))["language"]!.GetValue<string>());

        await host.PutOrgAsync(Org(org, "en"));
        Assert.Equal("en", (await host.GetJsonAsync($"/api/v1/branches/{org.Branch}"))["language"]!.GetValue<string>());

        var problem = await AssertProblemAsync(await host.Http.PutAsJsonAsync("/api/v1/org", Org(org, "fr")), 400);
        Assert.Equal(["branches[0].language"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("en", (await host.GetJsonAsync($"/api/v1/branches/{org.Branch}"))["language"]!.GetValue<string>());
    }
}
