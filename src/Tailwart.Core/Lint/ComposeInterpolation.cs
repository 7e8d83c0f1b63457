using System.Text.RegularExpressions;

namespace Tailwart.Core.Lint;

/// <summary>
/// Compose's variable interpolation for the fallback lint (no compose CLI): <c>$VAR</c>, <c>${VAR}</c>,
/// <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:?err}</c>/<c>${VAR?err}</c> (as empty) and
/// <c>$$</c> for a literal dollar, from the project's .env with the environment winning, as the
/// compose spec's interpolation section says.
/// </summary>
public sealed partial class ComposeInterpolation(IReadOnlyDictionary<string, string> variables)
{
    /// <summary>The project's .env (KEY=VALUE lines, # comments, optional quotes) overlaid by <paramref name="environment"/>.</summary>
    public static ComposeInterpolation ForProject(string directory, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        string env = Path.Combine(directory, ".env");
        if (File.Exists(env) && new FileInfo(env).Length <= 1024 * 1024)
        {
            foreach (string raw in File.ReadLines(env))
            {
                string line = raw.Trim();
                if (line.StartsWith("export ", StringComparison.Ordinal))
                    line = line[7..].TrimStart();
                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (line.Length == 0 || line[0] == '#' || eq <= 0)
                    continue;
                string value = line[(eq + 1)..].Trim();
                if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
                    value = value[1..^1];
                variables[line[..eq].Trim()] = value;
            }
        }
        foreach (var (k, v) in environment)
            variables[k] = v;
        return new ComposeInterpolation(variables);
    }

    public string Apply(string text) => Pattern().Replace(text, m =>
    {
        if (m.Value == "$$")
            return "$";
        string name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
        string op = m.Groups["op"].Value;
        string fallback = m.Groups["arg"].Value;
        bool set = variables.TryGetValue(name, out string? value);
        return op switch
        {
            ":-" => set && value!.Length > 0 ? value : fallback,
            "-" => set ? value! : fallback,
            ":+" => set && value!.Length > 0 ? fallback : "",
            "+" => set ? fallback : "",
            _ => set ? value! : "",
        };
    });

    [GeneratedRegex(@"\$\$|\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?+])(?<arg>[^}]*))?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Pattern();
}
