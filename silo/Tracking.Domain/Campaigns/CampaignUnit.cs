namespace Tracking.Domain.Campaigns;

/// <summary>Who competes in a campaign: single agents, teams, or whole branches.</summary>
public enum CampaignUnit { Agent, Team, Branch }

/// <summary>
/// How a participant's score is measured: the metric's value itself, or that value as a share of the
/// participant's own target, so a small team with a small target can beat a big one (fair scoring).
/// </summary>
public enum CampaignScoring { Absolute, PercentOfTarget }

public static class CampaignNames
{
    public static string Name(this CampaignUnit unit) => unit switch
    {
        CampaignUnit.Agent => "agent",
        CampaignUnit.Team => "team",
        _ => "branch",
    };

    public static bool TryParseUnit(string? name, out CampaignUnit unit)
    {
        switch (name)
        {
            case "agent": unit = CampaignUnit.Agent; return true;
            case "team": unit = CampaignUnit.Team; return true;
            case "branch": unit = CampaignUnit.Branch; return true;
            default: unit = default; return false;
        }
    }

    public static string Name(this CampaignScoring scoring) => scoring == CampaignScoring.PercentOfTarget ? "percentOfTarget" : "absolute";

    public static bool TryParseScoring(string? name, out CampaignScoring scoring)
    {
        switch (name)
        {
            case "absolute": scoring = CampaignScoring.Absolute; return true;
            case "percentOfTarget": scoring = CampaignScoring.PercentOfTarget; return true;
            default: scoring = default; return false;
        }
    }
}
