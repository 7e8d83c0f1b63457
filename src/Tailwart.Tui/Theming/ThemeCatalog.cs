using System.Text.Json.Nodes;
using Terminal.Gui.Configuration;

namespace Tailwart.Tui.Theming;

/// <summary>
/// Loads tailwart's themes (themes/*.json, Terminal.Gui 2.5's nested format) into Terminal.Gui's
/// configuration and switches between them at runtime. Themes are named <c>tailwart-&lt;name&gt;</c>
/// inside Terminal.Gui so they never clash with its built-in ones. Under NO_COLOR, --no-color or
/// TERM=dumb the monochrome theme wins over the configured one.
/// </summary>
public static class ThemeCatalog
{
    public const string Monochrome = "monochrome";
    private const string Prefix = "tailwart-";

    /// <summary>Where the theme files are: next to the executable (copied at build), else the repo's themes/.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "themes");

    public static IReadOnlyList<string> Names(string? directory = null) =>
        System.IO.Directory.Exists(directory ?? Directory)
            ? System.IO.Directory.GetFiles(directory ?? Directory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Registers every theme and makes <paramref name="name"/> current; returns the name in use.</summary>
    public static string Apply(string name, bool color, string? directory = null)
    {
        string chosen = color ? name : Monochrome;
        var themes = new JsonObject();
        foreach (string file in System.IO.Directory.Exists(directory ?? Directory) ? System.IO.Directory.GetFiles(directory ?? Directory, "*.json") : [])
        {
            if (JsonNode.Parse(File.ReadAllText(file))?["Themes"] is JsonObject fileThemes)
            {
                foreach (var (key, value) in fileThemes)
                    themes[key] = value?.DeepClone();
            }
        }
        if (!themes.ContainsKey(Prefix + chosen))
            return Current;
        var runtime = new JsonObject { ["Theme"] = Prefix + chosen, ["Themes"] = themes };
        TuiConfigurationBuilder.Shared.RuntimeConfig = runtime.ToJsonString();
        TuiConfigurationBuilder.Shared.ApplyToStaticFacades();
        return chosen;
    }

    /// <summary>Switches to another loaded theme; false when there is no such theme.</summary>
    public static bool Switch(string name)
    {
        if (!ThemeManager.GetThemeNames().Contains(Prefix + name, StringComparer.Ordinal))
            return false;
        ThemeManager.Theme = Prefix + name;
        return true;
    }

    /// <summary>The tailwart theme in use, without the prefix.</summary>
    public static string Current =>
        ThemeManager.GetCurrentThemeName() is string n && n.StartsWith(Prefix, StringComparison.Ordinal) ? n[Prefix.Length..] : ThemeManager.GetCurrentThemeName() ?? "";
}
