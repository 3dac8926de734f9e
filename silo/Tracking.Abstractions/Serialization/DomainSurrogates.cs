using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;
using Tracking.Domain.Display;

namespace Tracking.Abstractions.Serialization;

// The domain library stays free of Orleans; these surrogates teach Orleans to carry its types.
// Ids are stable wire contracts: never renumber them.
// Why one file of more than 300 lines: it is a list of small, independent surrogate/converter pairs (a dozen lines
// each), kept together so that every alias and id persisted for a domain type is reviewed in one place.

[GenerateSerializer, Alias("tracking.metric-values")]
public struct MetricValuesSurrogate
{
    [Id(0)] public decimal[] Values;
}

[RegisterConverter]
public sealed class MetricValuesConverter : IConverter<MetricValues, MetricValuesSurrogate>
{
    public MetricValues ConvertFromSurrogate(in MetricValuesSurrogate surrogate) => new(surrogate.Values);

    public MetricValuesSurrogate ConvertToSurrogate(in MetricValues value) => new() { Values = value.AsSpan().ToArray() };
}

[GenerateSerializer, Alias("tracking.value-mark")]
public struct ValueMarkSurrogate
{
    [Id(0)] public DateTimeOffset OccurredAt;
    [Id(1)] public long Arrival;
}

[RegisterConverter]
public sealed class ValueMarkConverter : IConverter<ValueMark, ValueMarkSurrogate>
{
    public ValueMark ConvertFromSurrogate(in ValueMarkSurrogate surrogate) => new(surrogate.OccurredAt, surrogate.Arrival);

    public ValueMarkSurrogate ConvertToSurrogate(in ValueMark value) => new() { OccurredAt = value.OccurredAt, Arrival = value.Arrival };
}

[GenerateSerializer, Alias("tracking.period-totals")]
public struct PeriodTotalsSurrogate
{
    [Id(0)] public MetricValues Values;
    [Id(1)] public ValueMark[] Reached;
}

[RegisterConverter]
public sealed class PeriodTotalsConverter : IConverter<PeriodTotals, PeriodTotalsSurrogate>
{
    public PeriodTotals ConvertFromSurrogate(in PeriodTotalsSurrogate surrogate) => new(surrogate.Values, surrogate.Reached);

    public PeriodTotalsSurrogate ConvertToSurrogate(in PeriodTotals value) => new() { Values = value.Values, Reached = value.Reached };
}

[GenerateSerializer, Alias("tracking.period-key")]
public struct PeriodKeySurrogate
{
    [Id(0)] public int Kind;
    [Id(1)] public DateOnly Start;
}

[RegisterConverter]
public sealed class PeriodKeyConverter : IConverter<PeriodKey, PeriodKeySurrogate>
{
    public PeriodKey ConvertFromSurrogate(in PeriodKeySurrogate surrogate) => new((PeriodKind)surrogate.Kind, surrogate.Start);

    public PeriodKeySurrogate ConvertToSurrogate(in PeriodKey value) => new() { Kind = (int)value.Kind, Start = value.Start };
}

[GenerateSerializer, Alias("tracking.membership-change")]
public struct MembershipChangeSurrogate
{
    [Id(0)] public DateTimeOffset EffectiveFrom;
    [Id(1)] public string TeamId;
    [Id(2)] public bool Active;
}

[RegisterConverter]
public sealed class MembershipChangeConverter : IConverter<MembershipChange, MembershipChangeSurrogate>
{
    public MembershipChange ConvertFromSurrogate(in MembershipChangeSurrogate s) => new(s.EffectiveFrom, s.TeamId, s.Active);

    public MembershipChangeSurrogate ConvertToSurrogate(in MembershipChange value) =>
        new() { EffectiveFrom = value.EffectiveFrom, TeamId = value.TeamId, Active = value.Active };
}

[GenerateSerializer, Alias("tracking.target-setting")]
public struct TargetSettingSurrogate
{
    [Id(0)] public int Scope;
    [Id(1)] public string ScopeId;
    [Id(2)] public int Metric;
    [Id(3)] public int Period;
    [Id(4)] public decimal Value;
    [Id(5)] public decimal[]? WeeklySplit;
    [Id(6)] public bool ShareOfDue;
}

[RegisterConverter]
public sealed class TargetSettingConverter : IConverter<TargetSetting, TargetSettingSurrogate>
{
    public TargetSetting ConvertFromSurrogate(in TargetSettingSurrogate s) =>
        new((TargetScope)s.Scope, s.ScopeId, (Metric)s.Metric, (PeriodKind)s.Period, s.Value, s.WeeklySplit, s.ShareOfDue);

    public TargetSettingSurrogate ConvertToSurrogate(in TargetSetting value) => new()
    {
        Scope = (int)value.Scope,
        ScopeId = value.ScopeId,
        Metric = (int)value.Metric,
        Period = (int)value.Period,
        Value = value.Value,
        WeeklySplit = value.WeeklySplit?.ToArray(),
        ShareOfDue = value.ShareOfDue,
    };
}

[GenerateSerializer, Alias("tracking.ledger-bucket")]
public struct LedgerBucketSurrogate
{
    [Id(0)] public DateOnly Day;
    [Id(1)] public string TeamId;
    [Id(2)] public PeriodTotals Totals;
}

[RegisterConverter]
public sealed class LedgerBucketConverter : IConverter<LedgerBucket, LedgerBucketSurrogate>
{
    public LedgerBucket ConvertFromSurrogate(in LedgerBucketSurrogate s) => new(s.Day, s.TeamId, s.Totals);

    public LedgerBucketSurrogate ConvertToSurrogate(in LedgerBucket value) => new() { Day = value.Day, TeamId = value.TeamId, Totals = value.Totals };
}

[GenerateSerializer, Alias("tracking.policy-record")]
public struct PolicyRecordSurrogate
{
    [Id(0)] public string PolicyId;
    [Id(1)] public decimal Premium;
    [Id(2)] public string SoldByEventId;
    [Id(3)] public string? CancelledByEventId;
}

[RegisterConverter]
public sealed class PolicyRecordConverter : IConverter<PolicyRecord, PolicyRecordSurrogate>
{
    public PolicyRecord ConvertFromSurrogate(in PolicyRecordSurrogate s) => new(s.PolicyId, s.Premium, s.SoldByEventId, s.CancelledByEventId);

    public PolicyRecordSurrogate ConvertToSurrogate(in PolicyRecord value) => new()
    {
        PolicyId = value.PolicyId,
        Premium = value.Premium,
        SoldByEventId = value.SoldByEventId,
        CancelledByEventId = value.CancelledByEventId,
    };
}

[GenerateSerializer, Alias("tracking.alert-settings")]
public struct AlertSettingsSurrogate
{
    [Id(0)] public bool BehindPaceEnabled;
    [Id(1)] public decimal BehindPaceThreshold;
    [Id(2)] public decimal MinElapsedShare;
    [Id(3)] public bool InactiveEnabled;
    [Id(4)] public decimal InactiveWorkingHours;
    [Id(5)] public int CooldownMinutes;
    [Id(6)] public int DailyCapPerTeam;
    // Added with the renewalAtRisk rule: settings stored before it have neither and take the defaults.
    [Id(7)] public bool? RenewalAtRiskEnabled;
    [Id(8)] public int? RenewalAtRiskDaysBeforeGraceEnd;
}

[RegisterConverter]
public sealed class AlertSettingsConverter : IConverter<AlertSettings, AlertSettingsSurrogate>
{
    public AlertSettings ConvertFromSurrogate(in AlertSettingsSurrogate s) =>
        new(s.BehindPaceEnabled, s.BehindPaceThreshold, s.MinElapsedShare, s.InactiveEnabled, s.InactiveWorkingHours, s.CooldownMinutes, s.DailyCapPerTeam,
            s.RenewalAtRiskEnabled ?? AlertSettings.Default.RenewalAtRiskEnabled,
            s.RenewalAtRiskDaysBeforeGraceEnd ?? AlertSettings.Default.RenewalAtRiskDaysBeforeGraceEnd);

    public AlertSettingsSurrogate ConvertToSurrogate(in AlertSettings v) => new()
    {
        BehindPaceEnabled = v.BehindPaceEnabled,
        BehindPaceThreshold = v.BehindPaceThreshold,
        MinElapsedShare = v.MinElapsedShare,
        InactiveEnabled = v.InactiveEnabled,
        InactiveWorkingHours = v.InactiveWorkingHours,
        CooldownMinutes = v.CooldownMinutes,
        DailyCapPerTeam = v.DailyCapPerTeam,
        RenewalAtRiskEnabled = v.RenewalAtRiskEnabled,
        RenewalAtRiskDaysBeforeGraceEnd = v.RenewalAtRiskDaysBeforeGraceEnd,
    };
}

[GenerateSerializer, Alias("tracking.alert")]
public struct AlertSurrogate
{
    [Id(0)] public string AlertId;
    [Id(1)] public string TeamId;
    [Id(2)] public string AgentId;
    [Id(3)] public int Rule;
    [Id(4)] public int? Metric;
    [Id(5)] public decimal Actual;
    [Id(6)] public decimal Expected;
    [Id(7)] public DateTimeOffset RaisedAt;
    [Id(8)] public int Status;
    [Id(9)] public DateTimeOffset? AcknowledgedAt;
    [Id(10)] public DateTimeOffset? ResolvedAt;
    // The renewal item of a renewalAtRisk alert (all three set) or none.
    [Id(11)] public string? PolicyId;
    [Id(12)] public DateOnly? DueDate;
    [Id(13)] public DateOnly? GraceEndsOn;
}

[RegisterConverter]
public sealed class AlertConverter : IConverter<Alert, AlertSurrogate>
{
    public Alert ConvertFromSurrogate(in AlertSurrogate s) =>
        new(s.AlertId, s.TeamId, s.AgentId, (AlertRule)s.Rule, (Metric?)s.Metric, s.Actual, s.Expected, s.RaisedAt, (AlertStatus)s.Status, s.AcknowledgedAt, s.ResolvedAt,
            s is { PolicyId: { } policyId, DueDate: { } dueDate, GraceEndsOn: { } graceEndsOn } ? new RenewalItemRef(policyId, dueDate, graceEndsOn) : null);

    public AlertSurrogate ConvertToSurrogate(in Alert a) => new()
    {
        AlertId = a.AlertId,
        TeamId = a.TeamId,
        AgentId = a.AgentId,
        Rule = (int)a.Rule,
        Metric = (int?)a.Metric,
        Actual = a.Actual,
        Expected = a.Expected,
        RaisedAt = a.RaisedAt,
        Status = (int)a.Status,
        AcknowledgedAt = a.AcknowledgedAt,
        ResolvedAt = a.ResolvedAt,
        PolicyId = a.Item?.PolicyId,
        DueDate = a.Item?.DueDate,
        GraceEndsOn = a.Item?.GraceEndsOn,
    };
}

/// <summary>An activity event flattened for the wire: the detail fields of its type are set, the rest default.</summary>
[GenerateSerializer, Alias("tracking.activity-event")]
public struct ActivityEventSurrogate
{
    [Id(0)] public string EventId;
    [Id(1)] public string AgentId;
    [Id(2)] public int Type;
    [Id(3)] public DateTimeOffset OccurredAt;
    [Id(4)] public int VisitKind;
    [Id(5)] public bool Proactive;
    [Id(6)] public int CustomerClass;
    [Id(7)] public string? PolicyId;
    [Id(8)] public decimal Amount;
    [Id(9)] public int PolicyYear;
}

[RegisterConverter]
public sealed class ActivityEventConverter : IConverter<ActivityEvent, ActivityEventSurrogate>
{
    public ActivityEvent ConvertFromSurrogate(in ActivityEventSurrogate s)
    {
        var type = (ActivityType)s.Type;
        return new ActivityEvent(
            s.EventId,
            s.AgentId,
            type,
            s.OccurredAt,
            Visit: type == ActivityType.Visit ? new VisitDetails((VisitKind)s.VisitKind, s.Proactive, (CustomerClass)s.CustomerClass) : null,
            Policy: type == ActivityType.Policy ? new PolicyDetails(s.PolicyId!, s.Amount) : null,
            Renewal: type == ActivityType.Renewal ? new RenewalDetails(s.PolicyId!, s.Amount, s.PolicyYear) : null,
            Cancellation: type == ActivityType.Cancellation ? new CancellationDetails(s.PolicyId!) : null);
    }

    public ActivityEventSurrogate ConvertToSurrogate(in ActivityEvent e) => new()
    {
        EventId = e.EventId,
        AgentId = e.AgentId,
        Type = (int)e.Type,
        OccurredAt = e.OccurredAt,
        VisitKind = (int)(e.Visit?.Kind ?? default),
        Proactive = e.Visit?.Proactive ?? false,
        CustomerClass = (int)(e.Visit?.CustomerClass ?? default),
        PolicyId = e.Policy?.PolicyId ?? e.Renewal?.PolicyId ?? e.Cancellation?.PolicyId,
        Amount = e.Policy?.Premium ?? e.Renewal?.Amount ?? 0m,
        PolicyYear = e.Renewal?.PolicyYear ?? 0,
    };
}

[GenerateSerializer, Alias("tracking.campaign-window")]
public struct CampaignWindowSurrogate
{
    [Id(0)] public DateTimeOffset StartsAt;
    [Id(1)] public DateTimeOffset EndsAt;
    [Id(2)] public TimeSpan Grace;
}

[RegisterConverter]
public sealed class CampaignWindowConverter : IConverter<CampaignWindow, CampaignWindowSurrogate>
{
    public CampaignWindow ConvertFromSurrogate(in CampaignWindowSurrogate s) => new(s.StartsAt, s.EndsAt, s.Grace);

    public CampaignWindowSurrogate ConvertToSurrogate(in CampaignWindow value) =>
        new() { StartsAt = value.StartsAt, EndsAt = value.EndsAt, Grace = value.Grace };
}

[GenerateSerializer, Alias("tracking.campaign-participants")]
public struct CampaignParticipantsSurrogate
{
    [Id(0)] public string[] BranchIds;
    [Id(1)] public string[] TeamIds;
    [Id(2)] public string[] AgentIds;
}

[RegisterConverter]
public sealed class CampaignParticipantsConverter : IConverter<CampaignParticipants, CampaignParticipantsSurrogate>
{
    public CampaignParticipants ConvertFromSurrogate(in CampaignParticipantsSurrogate s) =>
        new(s.BranchIds ?? [], s.TeamIds ?? [], s.AgentIds ?? []);

    public CampaignParticipantsSurrogate ConvertToSurrogate(in CampaignParticipants value) => new()
    {
        BranchIds = value.BranchIds.ToArray(),
        TeamIds = value.TeamIds.ToArray(),
        AgentIds = value.AgentIds.ToArray(),
    };
}

[GenerateSerializer, Alias("tracking.campaign-rules")]
public struct CampaignRulesSurrogate
{
    [Id(0)] public string Name;
    [Id(1)] public int Metric;
    [Id(2)] public int Unit;
    [Id(3)] public CampaignWindow Window;
    [Id(4)] public CampaignParticipants Participants;
    [Id(5)] public int Scoring;
    [Id(6)] public decimal? Target;
    [Id(7)] public Dictionary<string, decimal>? Targets;
}

[RegisterConverter]
public sealed class CampaignRulesConverter : IConverter<CampaignRules, CampaignRulesSurrogate>
{
    public CampaignRules ConvertFromSurrogate(in CampaignRulesSurrogate s) =>
        new(s.Name, (Metric)s.Metric, (CampaignUnit)s.Unit, s.Window, s.Participants, (CampaignScoring)s.Scoring, s.Target, s.Targets);

    public CampaignRulesSurrogate ConvertToSurrogate(in CampaignRules value) => new()
    {
        Name = value.Name,
        Metric = (int)value.Metric,
        Unit = (int)value.Unit,
        Window = value.Window,
        Participants = value.Participants,
        Scoring = (int)value.Scoring,
        Target = value.Target,
        Targets = value.Targets?.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
    };
}

[GenerateSerializer, Alias("tracking.campaign-registration")]
public struct CampaignRegistrationSurrogate
{
    [Id(0)] public string CampaignId;
    [Id(1)] public int Metric;
    [Id(2)] public CampaignWindow Window;
    [Id(3)] public CampaignParticipants Participants;
}

[RegisterConverter]
public sealed class CampaignRegistrationConverter : IConverter<CampaignRegistration, CampaignRegistrationSurrogate>
{
    public CampaignRegistration ConvertFromSurrogate(in CampaignRegistrationSurrogate s) => new(s.CampaignId, (Metric)s.Metric, s.Window, s.Participants);

    public CampaignRegistrationSurrogate ConvertToSurrogate(in CampaignRegistration value) =>
        new() { CampaignId = value.CampaignId, Metric = (int)value.Metric, Window = value.Window, Participants = value.Participants };
}

[GenerateSerializer, Alias("tracking.campaign-credit")]
public struct CampaignCreditSurrogate
{
    [Id(0)] public string TeamId;
    [Id(1)] public string BranchId;
    [Id(2)] public decimal Value;
    [Id(3)] public ValueMark Reached;
}

[RegisterConverter]
public sealed class CampaignCreditConverter : IConverter<CampaignCredit, CampaignCreditSurrogate>
{
    public CampaignCredit ConvertFromSurrogate(in CampaignCreditSurrogate s) => new(s.TeamId, s.BranchId, s.Value, s.Reached);

    public CampaignCreditSurrogate ConvertToSurrogate(in CampaignCredit value) =>
        new() { TeamId = value.TeamId, BranchId = value.BranchId, Value = value.Value, Reached = value.Reached };
}

[GenerateSerializer, Alias("tracking.counted-policy")]
public struct CountedPolicySurrogate
{
    [Id(0)] public string PolicyId;
    [Id(1)] public decimal Points;
    [Id(2)] public string TeamId;
    [Id(3)] public string BranchId;
}

[RegisterConverter]
public sealed class CountedPolicyConverter : IConverter<CountedPolicy, CountedPolicySurrogate>
{
    public CountedPolicy ConvertFromSurrogate(in CountedPolicySurrogate s) => new(s.PolicyId, s.Points, s.TeamId, s.BranchId);

    public CountedPolicySurrogate ConvertToSurrogate(in CountedPolicy value) =>
        new() { PolicyId = value.PolicyId, Points = value.Points, TeamId = value.TeamId, BranchId = value.BranchId };
}

[GenerateSerializer, Alias("tracking.campaign-tally")]
public struct CampaignTallySurrogate
{
    [Id(0)] public string CampaignId;
    [Id(1)] public DateTimeOffset FreezesAt;
    [Id(2)] public CampaignCredit[] Credits;
    [Id(3)] public CountedPolicy[] Policies;
}

[RegisterConverter]
public sealed class CampaignTallyConverter : IConverter<CampaignTally, CampaignTallySurrogate>
{
    public CampaignTally ConvertFromSurrogate(in CampaignTallySurrogate s) => new(s.CampaignId, s.FreezesAt, s.Credits ?? [], s.Policies ?? []);

    public CampaignTallySurrogate ConvertToSurrogate(in CampaignTally value) => new()
    {
        CampaignId = value.CampaignId,
        FreezesAt = value.FreezesAt,
        Credits = value.Credits.ToArray(),
        Policies = value.CountedPolicies.ToArray(),
    };
}

[GenerateSerializer, Alias("tracking.celebration-settings")]
public struct CelebrationSettingsSurrogate
{
    [Id(0)] public decimal PolicyMinPremium;
    [Id(1)] public bool TargetReached;
    [Id(2)] public bool RankUp;
    [Id(3)] public int Burst;
    [Id(4)] public int IntervalSeconds;
}

[RegisterConverter]
public sealed class CelebrationSettingsConverter : IConverter<CelebrationSettings, CelebrationSettingsSurrogate>
{
    public CelebrationSettings ConvertFromSurrogate(in CelebrationSettingsSurrogate s) =>
        new(s.PolicyMinPremium, s.TargetReached, s.RankUp, s.Burst, s.IntervalSeconds);

    public CelebrationSettingsSurrogate ConvertToSurrogate(in CelebrationSettings v) => new()
    {
        PolicyMinPremium = v.PolicyMinPremium,
        TargetReached = v.TargetReached,
        RankUp = v.RankUp,
        Burst = v.Burst,
        IntervalSeconds = v.IntervalSeconds,
    };
}

[GenerateSerializer, Alias("tracking.display-policy")]
public struct DisplayPolicySurrogate
{
    [Id(0)] public int Top;
    [Id(1)] public int Names;
    [Id(2)] public bool ShowBottom;
}

[RegisterConverter]
public sealed class DisplayPolicyConverter : IConverter<DisplayPolicy, DisplayPolicySurrogate>
{
    public DisplayPolicy ConvertFromSurrogate(in DisplayPolicySurrogate s) => new(s.Top, (NameDisplay)s.Names, s.ShowBottom);

    public DisplayPolicySurrogate ConvertToSurrogate(in DisplayPolicy v) => new() { Top = v.Top, Names = (int)v.Names, ShowBottom = v.ShowBottom };
}
