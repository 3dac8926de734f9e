using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Tracking.Api.Endpoints;

namespace Tracking.Api.Validation;

/// <summary>A bound request body that may have failed its checks; what <see cref="ValidBodies.AnswerInvalid"/> looks for.</summary>
public interface IValidBody
{
    /// <summary>The problem (400, 413 or 415) to answer instead of running the endpoint, or null when the body is valid.</summary>
    IResult? Problem { get; }
}

/// <summary>
/// An endpoint parameter holding a request body read as <typeparamref name="TRequest"/> and checked by its
/// <see cref="IRequestValidator{TRequest, TValue}"/>. An invalid body never reaches the endpoint: the route group's
/// filter (<see cref="ValidBodies.AnswerInvalid"/>) answers its problem first: 415 when the body is not declared
/// <c>application/json</c>, 413 when it is larger than the server's body limit, 400 when it is not a valid request.
/// </summary>
public sealed class ValidBody<TRequest, TValue> : IValidBody, IEndpointParameterMetadataProvider
    where TRequest : class
    where TValue : class
{
    private static readonly string[] JsonContentTypes = ["application/json"];

    private readonly TValue? _value;

    private ValidBody(TValue? value, IResult? problem)
    {
        _value = value;
        Problem = problem;
    }

    /// <summary>The checked request; only read by an endpoint, which runs only when the body is valid.</summary>
    public TValue Value => _value ?? throw new InvalidOperationException("The request body is invalid; the endpoint should not have run.");

    public IResult? Problem { get; }

    public static async ValueTask<ValidBody<TRequest, TValue>?> BindAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType()) return new(null, Problems.UnsupportedMediaType(context.Request.ContentType));

        var validator = context.RequestServices.GetRequiredService<IRequestValidator<TRequest, TValue>>();
        byte[] buffer;
        int length;
        try
        {
            (buffer, length) = await RequestBodies.ReadAsync(context.Request);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.TooLarge(tooLarge.Message));
        }

        try
        {
            var errors = new ValidationErrors();
            var request = Read(buffer.AsSpan(0, length), validator, errors);
            if (errors.Any && request is null) return new(null, Problems.Invalid(errors));
            if (request is null) return Invalid(validator.ShapeError.Path, validator.ShapeError.Message);

            var value = validator.Validate(request, errors);
            return errors.Any || value is null ? new(null, Problems.Invalid(errors)) : new(value, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the body in one pass; only a body the serializer refuses is read again, to report every field of
    /// the wrong JSON kind (or that it is not JSON at all) and to read the rest of it for the validator.
    /// </summary>
    private static TRequest? Read(ReadOnlySpan<byte> body, IRequestValidator<TRequest, TValue> validator, ValidationErrors errors)
    {
        JsonException refusal;
        try
        {
            return JsonSerializer.Deserialize(body, validator.JsonType);
        }
        catch (JsonException refused)
        {
            refusal = refused;
        }

        if (RequestJson.Problem(body.ToArray()) is { } problem)
        {
            // A repeated field is what the serializer refused first unless a field before it had the wrong kind.
            errors.Add(problem == RequestJson.Repeated ? RequestJson.PathOf(refusal) : "$", problem);
            return null;
        }

        if (JsonNode.Parse(body) is not JsonObject root) return null;
        WireKinds.Clear(root, validator.JsonType, errors, validator.ShapeError);
        try
        {
            return root.Deserialize(validator.JsonType);
        }
        catch (JsonException unexpected)
        {
            errors.Add("$", $"The body does not have the expected shape: {unexpected.Message}");
            return null;
        }
    }

    private static ValidBody<TRequest, TValue> Invalid(string path, string message) => new(null, Problems.Invalid(path, message));

    /// <summary>
    /// Tells OpenAPI the body's type and the problems of an unreadable body (413 over the size limit, 415 not JSON);
    /// the 400 is declared by the endpoint's own result types.
    /// </summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(JsonContentTypes, typeof(TRequest)));
        Problems.Declare(builder, StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails));
        Problems.Declare(builder, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
    }
}

/// <summary>What makes a body unreadable as a whole: not JSON, or an object naming one property twice.</summary>
internal static class RequestJson
{
    public const string Repeated = "is repeated: a JSON object may name each property only once.";

    private static readonly JsonDocumentOptions NoRepeats = new() { AllowDuplicateProperties = false };

    /// <summary>Why the body cannot be read as JSON at all, or null when it can. Only called for a body the serializer refused.</summary>
    public static string? Problem(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body, NoRepeats);
            return null;
        }
        catch (JsonException)
        {
        }

        try
        {
            using var _ = JsonDocument.Parse(body);
            return Repeated;
        }
        catch (JsonException notJson)
        {
            return $"The body is not valid JSON: {notJson.Message}";
        }
    }

    /// <summary>The serializer's JSON path (<c>$.events[0].eventId</c>) in the form errors are keyed by (<c>events[0].eventId</c>).</summary>
    public static string PathOf(JsonException refusal) =>
        refusal.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "$";
}

internal static class RequestBodies
{
    private const int MaxInitialBuffer = 1 << 20;

    /// <summary>The whole body in a pooled buffer (the caller returns it), without a UTF-8 byte order mark.</summary>
    public static async Task<(byte[] Buffer, int Length)> ReadAsync(HttpRequest request)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and < MaxInitialBuffer ? (int)request.ContentLength + 1 : 16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (read == 0) break;
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (!buffer.AsSpan(0, length).StartsWith(bom)) return (buffer, length);
        buffer.AsSpan(3, length - 3).CopyTo(buffer);
        return (buffer, length - 3);
    }
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
