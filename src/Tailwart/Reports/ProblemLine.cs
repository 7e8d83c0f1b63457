using Tailwart.Core.Config;

namespace Tailwart.Cli.Verbs;

/// <summary>A config problem as --json shows it.</summary>
public sealed record ProblemLine(string Severity, string File, int? Line, string Path, string Message, string? Expected, string? Found)
{
    public static ProblemLine From(ConfigProblem p) =>
        new(p.Severity == ConfigSeverity.Error ? "error" : "warning", p.File, p.Line, p.JsonPath, p.Message, p.Expected, p.Found);
}
