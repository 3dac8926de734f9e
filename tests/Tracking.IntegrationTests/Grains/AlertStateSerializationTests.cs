using Tracking.Abstractions.Serialization;
using Tracking.Domain.Alerts;
using Tracking.Domain.Renewals;
using Tracking.Grains;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Grains;

/// <summary>
/// A team's stored alerts and rules keep the renewalAtRisk parts through Orleans' serializer and copier, and rules
/// stored before the rule existed read back with its defaults (on, 15 days).
/// </summary>
public sealed class AlertStateSerializationTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 21, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly OrleansCarrier _carrier = new();

    public void Dispose() => _carrier.Dispose();

    private T[] Carried<T>(T value) where T : class => _carrier.Carried(value);

    [Fact]
    public void A_renewal_alert_and_renewal_rules_survive()
    {
        var item = new RenewalItemRef("P-12", new DateOnly(2026, 11, 5), new DateOnly(2027, 1, 4));
        var state = new TeamAlertsState
        {
            Alerts =
            [
                new Alert("T1.1", "T1", "A1", AlertRule.RenewalAtRisk, null, 400, 1000, At, AlertStatus.Open, Item: item),
                new Alert("T1.2", "T1", "A1", AlertRule.Inactive, null, 2, 2, At, AlertStatus.Open),
            ],
            LastSequence = 2,
            Override = AlertSettings.Default with { RenewalAtRiskEnabled = false, RenewalAtRiskDaysBeforeGraceEnd = 30 },
        };

        Assert.All(Carried(state), s =>
        {
            Assert.Equal(state.Alerts, s.Alerts);
            Assert.Equal(state.Override, s.Override);
        });
        var open = new OpenRenewal(new RenewalDue("P-12", "A1", new DateOnly(2026, 11, 5), 1000, 2), new DateOnly(2027, 1, 4), 400);
        Assert.All(Carried(new[] { open }), o => Assert.Equal(open, Assert.Single(o)));
    }

    [Fact]
    public void Rules_stored_before_the_renewal_rule_read_back_with_its_defaults()
    {
        // What a rule set stored before renewalAtRisk existed holds: the fields up to the daily cap, the new ones absent.
        var stored = new AlertSettingsSurrogate
        {
            BehindPaceEnabled = false, BehindPaceThreshold = 0.5m, MinElapsedShare = 0.3m, InactiveEnabled = true,
            InactiveWorkingHours = 3, CooldownMinutes = 30, DailyCapPerTeam = 5,
        };

        var settings = new AlertSettingsConverter().ConvertFromSurrogate(stored);

        Assert.Equal(new AlertSettings(false, 0.5m, 0.3m, true, 3, 30, 5, RenewalAtRiskEnabled: true, RenewalAtRiskDaysBeforeGraceEnd: 15), settings);
        Assert.Null(new AlertConverter().ConvertFromSurrogate(new AlertSurrogate { AlertId = "T1.1", TeamId = "T1", AgentId = "A1", Rule = 1 }).Item);
    }
}
