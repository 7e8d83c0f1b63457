namespace Tailwart.Cli;

/// <summary>
/// What a verb may touch of the outside world: its streams, the environment, the working
/// directory and whether a terminal is attached. Tests pass their own.
/// </summary>
public sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    IReadOnlyDictionary<string, string> Variables,
    string CurrentDirectory,
    bool IsTerminal)
{
    public static CliEnvironment System() => new(
        Console.Out,
        Console.Error,
        Environment.GetEnvironmentVariables().Cast<global::System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal),
        Directory.GetCurrentDirectory(),
        !Console.IsInputRedirected && !Console.IsOutputRedirected);

    /// <summary>Where a confirmation is read from (destructive verbs ask once on a terminal); tests pass a StringReader.</summary>
    public TextReader In { get => field ??= Console.In; init; }

    public string? Get(string name) => Variables.TryGetValue(name, out string? v) ? v : null;
}
