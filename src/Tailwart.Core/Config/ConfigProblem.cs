namespace Tailwart.Core.Config;

/// <summary>
/// One thing wrong (or worth a warning) in a config: where it is (file, line, JSON path), what
/// was expected and what was found. Never carries a secret value.
/// </summary>
public sealed record ConfigProblem(
    ConfigSeverity Severity,
    string File,
    int? Line,
    string JsonPath,
    string Message,
    string? Expected = null,
    string? Found = null)
{
    /// <summary>One line in the style of a compiler: <c>file:line: $.path: message (expected …, found …)</c>.</summary>
    public override string ToString()
    {
        string where = Line is int l ? $"{File}:{l}" : File;
        string detail = (Expected, Found) switch
        {
            (not null, not null) => $" (expected {Expected}; found {Found})",
            (not null, null) => $" (expected {Expected})",
            (null, not null) => $" (found {Found})",
            _ => "",
        };
        string severity = Severity == ConfigSeverity.Warning ? "warning" : "error";
        return $"{where}: {severity}: {JsonPath}: {Message}{detail}";
    }
}
