using System.Text.Json.Nodes;

namespace Tailwart.Core.Config;

/// <summary>The outcome of loading a config: the config when it is usable, and every problem found.</summary>
public sealed record ConfigLoadResult(string File, TailwartConfig? Config, IReadOnlyList<ConfigProblem> Problems, JsonObject? EffectiveJson)
{
    public bool HasErrors => Config is null || Problems.Any(p => p.Severity == ConfigSeverity.Error);

    /// <summary>The effective config (file plus environment overrides) with every secret shown as its reference, inline ones masked.</summary>
    public JsonObject? MaskedJson()
    {
        if (EffectiveJson is null || Config is null)
            return null;
        var copy = EffectiveJson.DeepClone().AsObject();
        foreach (var (path, reference) in Config.SecretReferences())
        {
            string[] parts = path.TrimStart('$', '.').Split('.');
            if (copy[parts[0]] is JsonObject section)
                section[parts[1]] = reference.ToMaskedJson();
        }
        return copy;
    }
}
