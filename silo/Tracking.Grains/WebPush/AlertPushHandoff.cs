using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Alerts;

namespace Tracking.Grains.WebPush;

/// <summary>
/// Hands a team's newly raised alerts to the Web Push grain one-way: the team goes on judging at once, whatever the
/// push services do.
/// </summary>
public sealed class AlertPushHandoff(IGrainFactory grains, ILogger logger)
{
    /// <param name="changed">What an evaluation changed; only the alerts it raised (open, raised at <paramref name="now"/>) go on.</param>
    public void Raised(TeamInfo? team, BranchInfo branch, IReadOnlyList<Alert> changed, DateTimeOffset now, Func<Alert, AlertView> view)
    {
        if (team is null) return;
        var raised = changed.Where(a => a.Status == AlertStatus.Open && a.RaisedAt == now).Select(view).ToArray();
        if (raised.Length == 0) return;
        try
        {
            _ = grains.GetGrain<IWebPushGrain>(IWebPushGrain.Key).AlertsRaised(team, LanguageOf(branch), raised);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Team {TeamId}: raised alerts could not be handed to Web Push", team.Id);
        }
    }

    /// <summary>The language of the branch's messages (the org's <c>language</c>): Chinese unless the branch says English.</summary>
    private static string LanguageOf(BranchInfo branch) => branch.Language;
}
