using Tailwart.Core.Presenting;
using Tailwart.Core.Supervise;
using Tailwart.Core.Waiting;

namespace Tailwart.Cli;

/// <summary>
/// Keeps the services pane's supervisor line current: the state file is read at start and again
/// whenever it changes (inotify through FileSystemWatcher: supervise writes it atomically, a rename
/// onto supervise.json, at each decision), so nothing polls it. A supervisor that dies leaves the
/// file untouched, so it is also read every <see cref="RecheckEvery"/>: its line then says the pid
/// is gone. The line is published only when it differs from the last one.
/// </summary>
public static class SupervisorWatch
{
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(60);

    /// <summary>A burst of writes (the temp file, the rename) settles into one read.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    public static async Task RunAsync(string statePath, Func<SupervisorStatus> read, TimeProvider time, Action<PresentedLine> apply, CancellationToken ct)
    {
        using var changed = new SemaphoreSlim(0, 1);
        void Poke(object? _, FileSystemEventArgs e)
        {
            if (changed.CurrentCount == 0)
            {
                try { changed.Release(); } catch (SemaphoreFullException) { }
            }
        }
        using var watcher = Watch(statePath, Poke);
        PresentedLine? shown = null;
        while (!ct.IsCancellationRequested)
        {
            PresentedLine line = SupervisorPresenter.Present(read());
            if (line != shown)
                apply(line);
            shown = line;
            try
            {
                if (await Wait.SignalledAsync(changed, RecheckEvery, time, ct).ConfigureAwait(false)
                    && !await Wait.PauseAsync(Settle, time, ct).ConfigureAwait(false))
                    return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>A watcher on the state file's directory (the file may not exist yet); null when the directory cannot be watched (then the recheck alone keeps the line current).</summary>
    private static FileSystemWatcher? Watch(string statePath, FileSystemEventHandler poke)
    {
        string? directory = Path.GetDirectoryName(statePath);
        if (directory is null || !Directory.Exists(directory))
            return null;
        try
        {
            var w = new FileSystemWatcher(directory, Path.GetFileName(statePath)) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
            w.Changed += poke;
            w.Created += poke;
            w.Deleted += poke;
            w.Renamed += (s, e) => poke(s, e);
            w.EnableRaisingEvents = true;
            return w;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null; // inotify limits reached, or a directory we may not watch
        }
    }
}
