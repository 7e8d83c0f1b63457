using System.Globalization;
using System.Text.Json;
using Tailwart.Core.State;

namespace Tailwart.Core.Supervise;

/// <summary>
/// The supervisor's state file, <c>supervise.json</c> beside the ledgers: in the box-wide directory
/// when it can be used, group-readable there (0660, like the ledger), so an admin without root sees
/// the systemd unit's supervisor from `status`, `doctor` and the TUI. Written atomically (temp file,
/// rename); it holds decisions (evidence text, already redacted like the audit log), never a secret.
/// </summary>
internal sealed class SupervisorStateFile(string path, TimeProvider time, bool shared = false)
{
    public const string FileName = "supervise.json";

    public string Path { get; } = path;

    public static SupervisorStateFile InState(StatePaths state, TimeProvider time) => state.LedgerIsShared
        ? new(System.IO.Path.Combine(state.LedgerDirectory, FileName), time, shared: true)
        : new(System.IO.Path.Combine(StatePaths.EnsurePrivateDirectory(state.LedgerDirectory), FileName), time);

    private UnixFileMode Mode => UnixFileMode.UserRead | UnixFileMode.UserWrite | (shared ? UnixFileMode.GroupRead | UnixFileMode.GroupWrite : 0);

    public SupervisorState? Read()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize(File.ReadAllText(Path), SupervisorJson.Default.SupervisorState) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Never throws for a full disk or a permission: supervising must not stop on its state file.</summary>
    public void Write(SupervisorState state)
    {
        string temp = $"{Path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(state with { Updated = time.GetUtcNow() }, SupervisorJson.Default.SupervisorState));
            File.SetUnixFileMode(temp, Mode);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Whether a supervisor runs now (its pid is alive and it has not recorded a stop), since when, and its last decision.</summary>
    public SupervisorStatus Status(Func<int, bool>? isAlive = null)
    {
        isAlive ??= static pid => Directory.Exists($"/proc/{pid}") && IsTailwart(pid);
        if (Read() is not { } state)
            return new(false, null, "no supervisor has run on this box (tailwart supervise; see README: Supervise)");
        string last = state.Decisions.Count > 0 && state.Decisions[^1] is { } d ? $"; last decision {Stamp(d.At)}: {d.Line}" : "";
        if (state.StoppedAt is { } stopped)
            return new(false, state, $"no supervisor runs: the last one (pid {state.Pid}) stopped at {Stamp(stopped)}{last}");
        if (!isAlive(state.Pid))
            return new(false, state, $"no supervisor runs: the last one (pid {state.Pid}, since {Stamp(state.Since)}) is gone without a clean stop{last}");
        return new(true, state, $"supervisor running (pid {state.Pid}) since {Stamp(state.Since)}, {state.Repairs} repair(s){last}");
    }

    private static bool IsTailwart(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("tailwart", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // it exists; another user's process whose cmdline we may not read
        }
    }

    private static string Stamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
