namespace Tracking.Api.Access;

/// <summary>The settings would expose the server without access control; it must not start (Program exits non-zero).</summary>
public sealed class AccessRefusedException(string message) : Exception(message);
