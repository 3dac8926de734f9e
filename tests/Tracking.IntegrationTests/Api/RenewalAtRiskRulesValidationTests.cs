using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>The renewalAtRisk settings of <c>PUT /api/v1/alert-rules</c>: a bad value is a 400 naming the field and stores nothing.</summary>
[Collection(TrackingHostCollection.Name)]
public sealed class RenewalAtRiskRulesValidationTests(TrackingHostFixture host)
{
    [Theory]
    [InlineData("366")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"15\"")]
    public async Task A_bad_days_before_grace_end_is_a_problem_naming_the_field(string days)
    {
        var org = new OrgBuilder("Asia/Shanghai");
        await host.PutOrgAsync(org.Org(1, (1, 1)));
        var body = "{\"rules\": [{\"scope\": \"team\", \"id\": \"" + org.Team(1) + "\", \"renewalAtRisk\": {\"daysBeforeGraceEnd\": " + days + "}}]}";

        var response = await host.Http.PutAsync("/api/v1/alert-rules", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAnswers.AssertProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]?["rules[0].renewalAtRisk.daysBeforeGraceEnd"]);
        Assert.Equal(15, (await host.Http.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{org.Team(1)}/alert-rules")).GetProperty("renewalAtRiskDaysBeforeGraceEnd").GetInt32());
    }
}
