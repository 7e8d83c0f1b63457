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

    /// <summary>
    /// Before Terminal.Gui's configuration is first built (the NativeAOT build defers that build, see
    /// Core's DeferredModuleInitializers): every theme goes into the runtime configuration, with
    /// <paramref name="name"/> current, so that one build applies it and <see cref="Apply"/> finds it in
    /// use. Otherwise Apply rebuilt Terminal.Gui's whole configuration a second time on the main thread,
    /// 40 % of the NativeAOT TUI's CPU before its first frame (perf, issue 18). A theme file that does
    /// not parse is left for Apply to report.
    /// </summary>
    public static void Preload(string name, bool color, string? directory = null)
    {
        try
        {
            if (RuntimeConfig(color ? name : Monochrome, directory) is { } runtime)
                TuiConfigurationBuilder.Shared.RuntimeConfig = runtime.ToJsonString();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            // Apply reads the files again and fails where the user can see why
        }
    }

    /// <summary>Registers every theme and makes <paramref name="name"/> current; returns the name in use.</summary>
    public static string Apply(string name, bool color, string? directory = null)
    {
        string chosen = color ? name : Monochrome;
        // preloaded and current already: nothing to rebuild
        if (string.Equals(ThemeManager.Theme, Prefix + chosen, StringComparison.OrdinalIgnoreCase))
            return chosen;
        if (RuntimeConfig(chosen, directory) is not { } runtime)
            return Current;
        TuiConfigurationBuilder.Shared.RuntimeConfig = runtime.ToJsonString();
        TuiConfigurationBuilder.Shared.ApplyToStaticFacades();
        return chosen;
    }

    /// <summary>Terminal.Gui's runtime configuration with every theme file's themes and <paramref name="chosen"/> current; null when no file has it.</summary>
    private static JsonObject? RuntimeConfig(string chosen, string? directory)
    {
        var themes = new JsonObject();
        foreach (string file in System.IO.Directory.Exists(directory ?? Directory) ? System.IO.Directory.GetFiles(directory ?? Directory, "*.json") : [])
        {
            if (JsonNode.Parse(File.ReadAllText(file))?["Themes"] is JsonObject fileThemes)
            {
                foreach (var (key, value) in fileThemes)
                    themes[key] = value?.DeepClone();
            }
        }
        return themes.ContainsKey(Prefix + chosen) ? new JsonObject { ["Theme"] = Prefix + chosen, ["Themes"] = themes } : null;
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
