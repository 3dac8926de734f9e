using System.Text.Json.Serialization.Metadata;

namespace Tracking.Api.Validation;

/// <summary>
/// Checks one kind of request body and turns it into what the endpoint works with. Registered as a singleton
/// per request type; <see cref="ValidBody{TRequest, TValue}"/> finds it and runs it before the endpoint.
/// </summary>
/// <typeparam name="TRequest">The body as the wire shapes it (a record in <c>Tracking.Abstractions.Contracts.Requests</c>).</typeparam>
/// <typeparam name="TValue">The checked request in domain terms.</typeparam>
public interface IRequestValidator<TRequest, TValue>
    where TRequest : class
    where TValue : class
{
    /// <summary>How the body is read.</summary>
    JsonTypeInfo<TRequest> JsonType { get; }

    /// <summary>
    /// The error reported when the body is JSON but not the expected object (e.g. <c>[]</c> or <c>null</c>), and
    /// when the field at <see cref="ShapeError"/>'s path is of the wrong kind.
    /// </summary>
    (string Path, string Message) ShapeError { get; }

    /// <summary>The checked value, or null with every problem recorded in <paramref name="errors"/>.</summary>
    TValue? Validate(TRequest request, ValidationErrors errors);
}
