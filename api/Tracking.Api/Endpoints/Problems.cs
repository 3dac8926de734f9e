using System.Globalization;
using System.Text.Json;
using Tracking.Api.Validation;

namespace Tracking.Api.Endpoints;

/// <summary>Every error answer is RFC 9457 problem details (CONTRACT.md "Errors").</summary>
public static class Problems
{
    public static IResult Invalid(ValidationErrors errors) =>
        Results.ValidationProblem(errors.ToDictionary(), detail: errors.Summary(), title: "The request is invalid.", statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(string path, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(path, message);
        return Invalid(errors);
    }

    public static IResult Unprocessable(ValidationErrors errors) =>
        Results.ValidationProblem(errors.ToDictionary(), detail: errors.Summary(), title: "The request refers to something that does not exist or cannot be done.",
            statusCode: StatusCodes.Status422UnprocessableEntity);

    public static IResult NotFound(string detail) =>
        Results.Problem(detail: detail, title: "Not found.", statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) =>
        Results.Problem(detail: detail, title: "Conflict.", statusCode: StatusCodes.Status409Conflict);

    public static IResult Unavailable(TimeSpan retryAfter, string detail) => new WithRetryAfter(
        retryAfter,
        Results.Problem(detail: detail, title: "The event store is unavailable; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable));

    /// <summary>Reads the body as JSON; on failure returns the 400 to send instead.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return (await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (null, Invalid("$", $"The body is not valid JSON: {ex.Message}"));
        }
    }

    private sealed class WithRetryAfter(TimeSpan retryAfter, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
