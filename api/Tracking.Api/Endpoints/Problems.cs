using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Metadata;
using Tracking.Api.Validation;

namespace Tracking.Api.Endpoints;

/// <summary>
/// Every error answer is RFC 9457 problem details (docs/api.md, "Errors"): 400 with the bad fields' paths, 404,
/// 409, 422 with the unknown references' paths, 503 with Retry-After. Each status is its own result type, so an
/// endpoint's <c>Results&lt;…&gt;</c> declares its problems to OpenAPI.
/// </summary>
public static class Problems
{
    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: errors.Summary(), title: "The request is invalid.");

    public static ValidationProblem Invalid(string path, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(path, message);
        return Invalid(errors);
    }

    public static UnprocessableProblem Unprocessable(ValidationErrors errors) => new(new HttpValidationProblemDetails(errors.ToDictionary())
    {
        Detail = errors.Summary(),
        Title = "The request refers to something that does not exist or cannot be done.",
        Status = StatusCodes.Status422UnprocessableEntity,
    });

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => TypedResults.Problem(
        title: "The request body must be JSON.",
        detail: contentType is null or ""
            ? "The request has no Content-Type; send the body as application/json."
            : $"The Content-Type '{contentType}' is not accepted; send the body as application/json.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static ProblemHttpResult TooLarge(string detail) => TypedResults.Problem(
        title: "The request body is too large.", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static NotFoundProblem NotFound(string detail) => new(detail);

    /// <summary>403 naming what lies outside the caller's scope, e.g. the events of agents of another branch.</summary>
    public static ForbiddenProblem Forbidden(ValidationErrors errors) => new(errors);

    public static ConflictProblem Conflict(string detail) => new(detail);

    public static UnavailableProblem Unavailable(TimeSpan retryAfter, string detail) => new(retryAfter, detail);

    internal static Task Write(HttpContext httpContext, string title, int status, string detail) =>
        TypedResults.Problem(detail: detail, title: title, statusCode: status).ExecuteAsync(httpContext);

    internal static void Declare(EndpointBuilder builder, int status, Type type) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, type, ["application/problem+json"]));
}

/// <summary>404: the addressed branch, team, agent, campaign or alert is not known.</summary>
public sealed class NotFoundProblem(string detail) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status404NotFound;

    public Task ExecuteAsync(HttpContext httpContext) => Problems.Write(httpContext, "Not found.", StatusCodes.Status404NotFound, detail);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Problems.Declare(builder, StatusCodes.Status404NotFound, typeof(ProblemDetails));
}

/// <summary>409: the request cannot be done in the current state (a started campaign's rules are locked).</summary>
public sealed class ConflictProblem(string detail) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status409Conflict;

    public Task ExecuteAsync(HttpContext httpContext) => Problems.Write(httpContext, "Conflict.", StatusCodes.Status409Conflict, detail);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Problems.Declare(builder, StatusCodes.Status409Conflict, typeof(ProblemDetails));
}

/// <summary>422: the request is well-formed but refers to something unknown; <c>errors</c> is keyed by the fields' paths.</summary>
public sealed class UnprocessableProblem(HttpValidationProblemDetails problem) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status422UnprocessableEntity;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(problem).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Problems.Declare(builder, StatusCodes.Status422UnprocessableEntity, typeof(HttpValidationProblemDetails));
}

/// <summary>503 with Retry-After: the store cannot be reached; nothing was changed and the client should try again.</summary>
public sealed class UnavailableProblem(TimeSpan retryAfter, string detail) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status503ServiceUnavailable;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Write(httpContext, "The event store is unavailable; retry later.", StatusCodes.Status503ServiceUnavailable, detail);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Problems.Declare(builder, StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails));
}

/// <summary>403: part of the request lies outside the token's scope; <c>errors</c> says which part. Nothing was stored.</summary>
public sealed class ForbiddenProblem(ValidationErrors errors) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status403Forbidden;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
    {
        Title = "Forbidden.",
        Detail = errors.Summary(),
        Status = StatusCodes.Status403Forbidden,
    }).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Problems.Declare(builder, StatusCodes.Status403Forbidden, typeof(HttpValidationProblemDetails));
}
