namespace Tailwart.Core.State;

/// <summary>
/// Where tailwart keeps what must outlive a process: logs, the probe ledger, the audit trail.
/// <c>$XDG_STATE_HOME/tailwart</c> (default <c>~/.local/state/tailwart</c>), created 0700 so
/// nothing in it is readable by other users. The guard ledgers (probe budget, key-test budget) live
/// in the box-wide <see cref="LedgerDirectory"/> instead, when it can be used.
/// </summary>
public sealed class StatePaths
{
    /// <summary>The box-wide state directory's default (TAILWART_BOX_STATE_DIR overrides it).</summary>
    public const string DefaultBoxDirectory = "/var/lib/tailwart";

    /// <summary>The variable that moves the box-wide state directory.</summary>
    public const string BoxDirectoryVariable = "TAILWART_BOX_STATE_DIR";

    private readonly Lazy<(string Directory, string? Warning)> _ledger;

    public StatePaths(string directory, string? boxDirectory = null)
    {
        Directory = directory;
        BoxDirectory = boxDirectory;
        _ledger = new(() => ResolveLedger(directory, boxDirectory));
    }

    public string Directory { get; }

    /// <summary>The box-wide directory asked for (null: none, per-user only).</summary>
    public string? BoxDirectory { get; }

    public string LogDirectory => Path.Combine(Directory, "logs");

    /// <summary>
    /// Where the guard ledgers live: the box-wide directory when it exists and this user can write
    /// it, so root, root under sudo and every docker-group admin share one probe budget (lesson 3
    /// counts connections per box, not per user); else the per-user directory, with <see cref="LedgerWarning"/>.
    /// </summary>
    public string LedgerDirectory => _ledger.Value.Directory;

    /// <summary>Why the budget is per-user here, with the fix; null when the box-wide directory is used.</summary>
    public string? LedgerWarning => _ledger.Value.Warning;

    /// <summary>Whether the ledgers are in the shared directory (their files then are group read-write, 0660).</summary>
    public bool LedgerIsShared => LedgerWarning is null && BoxDirectory is not null;

    public static StatePaths FromEnvironment(Func<string, string?> getEnvironment)
    {
        string home = getEnvironment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = getEnvironment("XDG_STATE_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".local", "state");
        string box = getEnvironment(BoxDirectoryVariable) is { Length: > 0 } b ? b : DefaultBoxDirectory;
        return new StatePaths(Path.Combine(root, "tailwart"), box);
    }

    /// <summary>Creates <paramref name="path"/> (and parents) with mode 0700 when missing.</summary>
    public static string EnsurePrivateDirectory(string path)
    {
        if (!System.IO.Directory.Exists(path))
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <remarks>
    /// The box-wide directory is never created here: it is made once, group-owned and setgid
    /// (packaging/tmpfiles.d/tailwart.conf, or the install command in the warning), so that its
    /// group, not whoever ran tailwart first, decides who shares the budget.
    /// </remarks>
    private static (string, string?) ResolveLedger(string personal, string? box)
    {
        if (box is null)
            return (personal, null);
        string fix = $"create it once for every admin of this box: install -d -m 2770 -g docker {box} (or set {BoxDirectoryVariable})";
        if (!System.IO.Directory.Exists(box))
            return (personal, $"the box-wide state directory {box} does not exist, so this user's probe budget is its own ({personal}): {fix}.");
        string probe = Path.Combine(box, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return (box, null);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (personal, $"the box-wide state directory {box} is not writable by this user ({e.Message}), so this user's probe budget is its own ({personal}): add the user to the directory's group, or {fix}.");
        }
    }
}
