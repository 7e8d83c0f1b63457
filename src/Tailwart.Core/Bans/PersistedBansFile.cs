using System.Globalization;
using Tailwart.Core.State;

namespace Tailwart.Core.Bans;

/// <summary>
/// The set the last restart-to-flush reported as persisted, kept in the state directory so that
/// <c>tailwart bans unban --persisted</c> can take it instead of a pasted list of hundreds of addresses.
/// One address per line after a <c># flush at TIME</c> header; read back capped, so a damaged file cannot exhaust memory.
/// </summary>
public static class PersistedBansFile
{
    public const string FileName = "bans-flush-persisted.txt";
    private const int MaxLines = 200_000;

    public static string PathIn(StatePaths state) => Path.Combine(state.Directory, FileName);

    public static void Save(StatePaths state, IReadOnlyList<string> persisted, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        string dir = StatePaths.EnsurePrivateDirectory(state.Directory);
        var lines = new List<string> { "# flush at " + at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
        lines.AddRange(persisted);
        File.WriteAllLines(Path.Combine(dir, FileName), lines);
    }

    /// <summary>The addresses and when the flush ran; null when no flush has reported persisted bans here.</summary>
    public static (IReadOnlyList<string> Addresses, string When)? Load(StatePaths state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string path = PathIn(state);
        if (!File.Exists(path))
            return null;
        var lines = File.ReadLines(path).Take(MaxLines).ToList();
        string when = lines.FirstOrDefault(l => l.StartsWith("# flush at ", StringComparison.Ordinal))?["# flush at ".Length..] ?? "unknown time";
        return (lines.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Trim()).ToList(), when);
    }
}
