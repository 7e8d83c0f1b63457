namespace Tailwart.Core.Stalwart;

/// <summary>What tailwart learned about the server: its API generation, its version where the API tells, and how it knew.</summary>
/// <param name="Version">e.g. <c>0.15.5</c> from 0.15's <c>/api/oauth</c>; null on 0.16, whose API does not expose it (stalwart.md §9).</param>
/// <param name="Evidence">e.g. "unauthenticated GET /api/settings/list → 401" or "stalwart.apiGeneration = 0.16 in tailwart.json".</param>
public sealed record StalwartServerInfo(ApiGeneration Generation, string? Version, string Path, string Evidence)
{
    public string GenerationLabel => Generation == ApiGeneration.Rest015 ? "0.11–0.15 (REST)" : "0.16+ (JMAP)";
}
