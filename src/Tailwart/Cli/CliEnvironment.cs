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

    public string? Get(string name) => Variables.TryGetValue(name, out string? v) ? v : null;
}
