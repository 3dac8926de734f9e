using System.Text.Json.Nodes;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>Checks of an error answer: the status, problem+json, and the status again in the body.</summary>
public static class ProblemAnswers
{
    /// <summary>Asserts the answer is a problem of <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        return problem;
    }
}
