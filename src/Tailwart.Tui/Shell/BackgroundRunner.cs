using Terminal.Gui.App;

namespace Tailwart.Tui.Shell;

/// <summary>
/// The one way the TUI runs slow work: off the UI thread, any exception turned into a result (the
/// TUI stays up), the result handed back on the UI thread. It knows what is still running, so
/// quitting can say what would be left half-done.
/// </summary>
public sealed class BackgroundRunner(IApplication app, CancellationToken lifetime)
{
    private readonly Dictionary<int, Func<string>> _running = [];
    private int _next;

    /// <summary>What is running now, each as a phrase ("bring-up at 'route verified' …"), read on the UI thread.</summary>
    public IReadOnlyList<string> Running => [.. _running.Values.Select(describe => describe())];

    /// <summary>
    /// Runs <paramref name="work"/> in the background; <paramref name="done"/> gets its result (or
    /// <paramref name="failed"/>'s for an exception) on the UI thread. <paramref name="describe"/>
    /// says, while it runs, what stopping now would leave half-done; null when stopping leaves nothing
    /// half-done (a read-only check), so quitting does not ask about it.
    /// </summary>
    public void Run<T>(Func<string>? describe, Func<CancellationToken, Task<T>> work, Func<Exception, T> failed, Action<T> done, TimeSpan? timeout = null)
    {
        int id = ++_next;
        if (describe is not null)
            _running[id] = describe;
        CancellationTokenSource? limit = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        if (timeout is { } t)
            limit!.CancelAfter(t);
        CancellationToken token = limit?.Token ?? lifetime;
        _ = Task.Run(async () =>
        {
            T result;
            try
            {
                result = await work(token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever happened is shown; a failing action never takes the TUI down.
            catch (Exception e)
#pragma warning restore CA1031
            {
                result = failed(e);
            }
            limit?.Dispose();
            app.Invoke(() =>
            {
                _running.Remove(id);
                done(result);
            });
        }, CancellationToken.None);
    }
}
