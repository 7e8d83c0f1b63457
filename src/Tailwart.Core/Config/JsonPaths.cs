using System.Text.RegularExpressions;

namespace Tailwart.Core.Config;

/// <summary>Spelling of JSON paths as users read them: <c>$.compose.files[0]</c>.</summary>
public static partial class JsonPaths
{
    public static string Child(string parent, string name) =>
        SimpleName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    /// <summary>Turns a JSON pointer (<c>/compose/files/0</c>) into a JSON path.</summary>
    public static string FromPointer(string pointer)
    {
        string path = "$";
        foreach (string raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path = int.TryParse(segment, out int index) && index >= 0 ? $"{path}[{index}]" : Child(path, segment);
        }
        return path;
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex SimpleName();
}
