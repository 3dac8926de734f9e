namespace Tracking.Grains.Campaigns;

/// <summary>The campaign directory's state: the branches each listed campaign involves, by campaign id.</summary>
[GenerateSerializer, Alias("tracking.campaign-directory-state")]
public sealed class CampaignDirectoryState
{
    [Id(0)] public Dictionary<string, string[]> Campaigns { get; set; } = new(StringComparer.Ordinal);
}
