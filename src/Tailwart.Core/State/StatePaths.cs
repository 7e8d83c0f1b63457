namespace Tailwart.Core.State;

/// <summary>
/// Where tailwart keeps what must outlive a process: logs, the probe ledger, the audit trail.
/// <c>$XDG_STATE_HOME/tailwart</c> (default <c>~/.local/state/tailwart</c>), created 0700 so
/// nothing in it is readable by other users.
/// </summary>
public sealed class StatePaths(string directory)
{
    public string Directory { get; } = directory;

    public string LogDirectory => Path.Combine(Directory, "logs");

    public static StatePaths FromEnvironment(Func<string, string?> getEnvironment)
    {
        string home = getEnvironment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = getEnvironment("XDG_STATE_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".local", "state");
        return new StatePaths(Path.Combine(root, "tailwart"));
    }

    /// <summary>Creates <paramref name="path"/> (and parents) with mode 0700 when missing.</summary>
    public static string EnsurePrivateDirectory(string path)
    {
        if (!System.IO.Directory.Exists(path))
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
