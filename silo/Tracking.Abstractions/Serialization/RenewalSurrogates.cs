using Tracking.Domain.Renewals;

namespace Tracking.Abstractions.Serialization;

// How Orleans carries the renewal types of the domain (grain calls and the agents' persisted state).
// Ids are stable wire contracts: never renumber them.

[GenerateSerializer, Alias("tracking.renewal-due")]
public struct RenewalDueSurrogate
{
    [Id(0)] public string PolicyId;
    [Id(1)] public string AgentId;
    [Id(2)] public DateOnly DueDate;
    [Id(3)] public decimal Amount;
    [Id(4)] public int PolicyYear;
}

[RegisterConverter]
public sealed class RenewalDueConverter : IConverter<RenewalDue, RenewalDueSurrogate>
{
    public RenewalDue ConvertFromSurrogate(in RenewalDueSurrogate s) => new(s.PolicyId, s.AgentId, s.DueDate, s.Amount, s.PolicyYear);

    public RenewalDueSurrogate ConvertToSurrogate(in RenewalDue value) => new()
    {
        PolicyId = value.PolicyId,
        AgentId = value.AgentId,
        DueDate = value.DueDate,
        Amount = value.Amount,
        PolicyYear = value.PolicyYear,
    };
}

[GenerateSerializer, Alias("tracking.renewal-payment")]
public struct RenewalPaymentSurrogate
{
    [Id(0)] public string PolicyId;
    [Id(1)] public DateOnly PaidOn;
    [Id(2)] public decimal Amount;
}

[RegisterConverter]
public sealed class RenewalPaymentConverter : IConverter<RenewalPayment, RenewalPaymentSurrogate>
{
    public RenewalPayment ConvertFromSurrogate(in RenewalPaymentSurrogate s) => new(s.PolicyId, s.PaidOn, s.Amount);

    public RenewalPaymentSurrogate ConvertToSurrogate(in RenewalPayment value) => new() { PolicyId = value.PolicyId, PaidOn = value.PaidOn, Amount = value.Amount };
}

[GenerateSerializer, Alias("tracking.open-renewal")]
public struct OpenRenewalSurrogate
{
    [Id(0)] public RenewalDue Due;
    [Id(1)] public DateOnly GraceEndsOn;
    [Id(2)] public decimal Collected;
}

[RegisterConverter]
public sealed class OpenRenewalConverter : IConverter<OpenRenewal, OpenRenewalSurrogate>
{
    public OpenRenewal ConvertFromSurrogate(in OpenRenewalSurrogate s) => new(s.Due, s.GraceEndsOn, s.Collected);

    public OpenRenewalSurrogate ConvertToSurrogate(in OpenRenewal value) => new() { Due = value.Due, GraceEndsOn = value.GraceEndsOn, Collected = value.Collected };
}
