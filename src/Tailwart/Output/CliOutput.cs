using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tailwart.Core.Config;
using Tailwart.Core.Secrets;

namespace Tailwart.Cli;

/// <summary>
/// Everything a verb prints goes through here, and through the redactor on the way out, so a
/// secret that slipped into a message still never reaches the terminal or --json.
/// </summary>
public sealed class CliOutput(CliEnvironment env, CliSettings settings, Redactor redactor)
{
    private const string Red = "\u001b[31m", Yellow = "\u001b[33m", Reset = "\u001b[0m";

    public void Line(string text = "") => env.Out.WriteLine(redactor.Redact(text));

    public void Error(string text) => env.Error.WriteLine(redactor.Redact("tailwart: " + text));

    /// <summary>Writes one JSON document on stdout (the whole of stdout under --json).</summary>
    public void Json<T>(T value, JsonTypeInfo<T> typeInfo) => env.Out.WriteLine(redactor.Redact(JsonSerializer.Serialize(value, typeInfo)));

    /// <summary>A config problem, coloured by severity when colour is on; errors go to stderr.</summary>
    public void Problem(ConfigProblem problem)
    {
        string text = redactor.Redact(problem.ToString());
        if (settings.Color)
        {
            string label = problem.Severity == ConfigSeverity.Error ? "error:" : "warning:";
            string colour = problem.Severity == ConfigSeverity.Error ? Red : Yellow;
            text = text.Replace(" " + label, $" {colour}{label}{Reset}", StringComparison.Ordinal);
        }
        (problem.Severity == ConfigSeverity.Error ? env.Error : env.Out).WriteLine(text);
    }
}
