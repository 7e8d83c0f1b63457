using System.Text.Json.Nodes;

namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart config show --defaults --json`: the schema's default of every optional key.</summary>
public sealed record ConfigDefaultsReport(JsonObject Defaults);
