namespace Tracking.Domain.Campaigns;

/// <summary>
/// A campaign (sprint) as its manager defines it: what is counted (<see cref="Metric"/>), when
/// (<see cref="Window"/>), whose events (<see cref="Participants"/>), who competes (<see cref="Unit"/>)
/// and how the score is measured (<see cref="Scoring"/>). Locked once the campaign has started.
/// </summary>
/// <param name="Target">The target of every participant without one of its own; progress is value ÷ target.</param>
/// <param name="Targets">Per-participant targets (by agent, team or branch id, as the unit says).</param>
public sealed record CampaignRules(
    string Name,
    Metric Metric,
    CampaignUnit Unit,
    CampaignWindow Window,
    CampaignParticipants Participants,
    CampaignScoring Scoring = CampaignScoring.Absolute,
    decimal? Target = null,
    IReadOnlyDictionary<string, decimal>? Targets = null)
{
    /// <summary>A participant's own target, else the campaign's; null when neither is set.</summary>
    public decimal? TargetOf(string participantId) =>
        Targets is not null && Targets.TryGetValue(participantId, out var own) ? own : Target;

    /// <summary>What the branches hand their agents so they can tally the campaign's events themselves.</summary>
    public CampaignRegistration RegistrationFor(string campaignId) => new(campaignId, Metric, Window, Participants);

    /// <summary>Why these rules cannot be used, keyed by the contract's field names (empty when they can).</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add(("name", "is required."));
        if (!Enum.IsDefined(Metric)) problems.Add(("metric", $"Unknown metric {Metric}."));
        problems.AddRange(Window.Problems());
        if (Participants.IsEmpty) problems.Add(("participants", "must name at least one branch, team or agent."));
        if (Target is <= 0m) problems.Add(("target", "must be above 0."));
        if (Targets is not null)
        {
            foreach (var (id, value) in Targets)
            {
                if (value <= 0m) problems.Add(($"targets.{id}", "must be above 0."));
            }
        }
        if (Scoring == CampaignScoring.PercentOfTarget && Target is null && Targets is not { Count: > 0 })
            problems.Add(("target", "is required for percentOfTarget scoring (or give every participant one in targets)."));
        return problems;
    }
}

/// <summary>The part of a campaign an agent needs to tally its own events for it.</summary>
public sealed record CampaignRegistration(string CampaignId, Metric Metric, CampaignWindow Window, CampaignParticipants Participants);
