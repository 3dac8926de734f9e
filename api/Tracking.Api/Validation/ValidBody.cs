using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Tracking.Api.Endpoints;

namespace Tracking.Api.Validation;

/// <summary>A bound request body that may have failed its checks; what <see cref="ValidBodies.AnswerInvalid"/> looks for.</summary>
public interface IValidBody
{
    /// <summary>The 400 to answer instead of running the endpoint, or null when the body is valid.</summary>
    ValidationProblem? Problem { get; }
}

/// <summary>
/// An endpoint parameter holding a request body read as <typeparamref name="TRequest"/> and checked by its
/// <see cref="IRequestValidator{TRequest, TValue}"/>. An invalid body never reaches the endpoint: the route group's
/// filter (<see cref="ValidBodies.AnswerInvalid"/>) answers its 400 first. The body is read whatever the
/// Content-Type, as it always was.
/// </summary>
public sealed class ValidBody<TRequest, TValue> : IValidBody, IEndpointParameterMetadataProvider
    where TRequest : class
    where TValue : class
{
    private static readonly string[] JsonContentTypes = ["application/json"];

    private readonly TValue? _value;

    private ValidBody(TValue? value, ValidationProblem? problem)
    {
        _value = value;
        Problem = problem;
    }

    /// <summary>The checked request; only read by an endpoint, which runs only when the body is valid.</summary>
    public TValue Value => _value ?? throw new InvalidOperationException("The request body is invalid; the endpoint should not have run.");

    public ValidationProblem? Problem { get; }

    public static async ValueTask<ValidBody<TRequest, TValue>?> BindAsync(HttpContext context)
    {
        var validator = context.RequestServices.GetRequiredService<IRequestValidator<TRequest, TValue>>();
        var errors = new ValidationErrors();
        TRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, validator.JsonType, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            var (path, message) = JsonBodyErrors.Describe(ex, validator.JsonType, validator.ShapeError);
            return Invalid(path, message);
        }
        if (request is null) return Invalid(validator.ShapeError.Path, validator.ShapeError.Message);

        var value = validator.Validate(request, errors);
        return errors.Any || value is null ? new(null, Problems.Invalid(errors)) : new(value, null);
    }

    private static ValidBody<TRequest, TValue> Invalid(string path, string message) => new(null, Problems.Invalid(path, message));

    /// <summary>Tells OpenAPI the body's type; the 400 is declared by the endpoint's own result types.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(JsonContentTypes, typeof(TRequest)));
}

public static class ValidBodies
{
    /// <summary>
    /// An endpoint filter factory for a route group: endpoints with a <see cref="ValidBody{TRequest, TValue}"/>
    /// parameter answer its 400 instead of running when the body is invalid; others are left as they are.
    /// </summary>
    public static EndpointFilterDelegate AnswerInvalid(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var index = Array.FindIndex(context.MethodInfo.GetParameters(), p => typeof(IValidBody).IsAssignableFrom(p.ParameterType));
        if (index < 0) return next;
        return invocation => invocation.GetArgument<IValidBody>(index).Problem is { } problem
            ? ValueTask.FromResult<object?>(problem)
            : next(invocation);
    }

    public static IServiceCollection AddRequestValidator<TRequest, TValue, TValidator>(this IServiceCollection services)
        where TRequest : class
        where TValue : class
        where TValidator : class, IRequestValidator<TRequest, TValue>
    {
        services.AddSingleton<IRequestValidator<TRequest, TValue>, TValidator>();
        return services;
    }
}
