namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart version --json`.</summary>
public sealed record VersionReport(string Version, string Runtime, string Os);
