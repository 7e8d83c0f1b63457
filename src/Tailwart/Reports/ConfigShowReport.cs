using System.Text.Json.Nodes;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart config show --json`: the effective config, secrets as references.</summary>
public sealed record ConfigShowReport(string File, JsonObject Config);
