namespace Tailwart.Core.Config;

/// <summary>
/// Finds the config file: <c>--config</c>, <c>$TAILWART_CONFIG</c>, <c>./tailwart.json</c>,
/// <c>$XDG_CONFIG_HOME/tailwart/tailwart.json</c>, <c>/etc/tailwart/tailwart.json</c>. An explicit
/// path (flag or variable) never falls through to the next place: a typo must not silently load
/// another box's config.
/// </summary>
public static class ConfigLocator
{
    public const string EnvironmentVariable = "TAILWART_CONFIG";

    public static string Locate(string? explicitPath, Func<string, string?> getEnvironment, string currentDirectory)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return Path.GetFullPath(explicitPath, currentDirectory);
        string? fromEnvironment = getEnvironment(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Path.GetFullPath(fromEnvironment, currentDirectory);
        string[] candidates = Candidates(getEnvironment, currentDirectory);
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new UserFacingException(
                "No tailwart config found. Looked in: " + string.Join(", ", candidates) +
                $". Pass --config PATH, set {EnvironmentVariable}, or copy the shipped tailwart.json to one of those places.");
    }

    public static string[] Candidates(Func<string, string?> getEnvironment, string currentDirectory)
    {
        string home = getEnvironment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string xdg = getEnvironment("XDG_CONFIG_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".config");
        return
        [
            Path.Combine(currentDirectory, "tailwart.json"),
            Path.Combine(xdg, "tailwart", "tailwart.json"),
            "/etc/tailwart/tailwart.json",
        ];
    }
}
