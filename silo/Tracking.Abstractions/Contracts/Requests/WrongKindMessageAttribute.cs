namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>
/// What the API says when a field arrives as the wrong JSON kind, where the plain wording ("must be an array.")
/// would say less than the field's rule; <see cref="Item"/> is the same for an item of a list. Read by the API's
/// validation when it reports a body the serializer refused.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WrongKindMessageAttribute(string message) : Attribute
{
    public const string Number = "must be a number.";
    public const string Ids = "must be an array of ids.";
    public const string Id = "must be 1-64 characters of A-Z a-z 0-9 . _ -.";
    public const string ExternalId = "must be 1-128 printable ASCII characters.";

    public string Message { get; } = message;

    public string? Item { get; init; }

    /// <summary>An item of the wrong kind is reported on the list as a whole (its rule is about the whole list).</summary>
    public bool ItemOnList { get; init; }
}
