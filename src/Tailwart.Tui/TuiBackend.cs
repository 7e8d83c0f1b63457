using Tailwart.Core.Logs;
using Tailwart.Tui.Panes;

namespace Tailwart.Tui;

/// <summary>
/// What the TUI is given by the composition root: the live log buffer and the Core checks behind
/// each pane, as plain async functions. A null function means the pane says what it will show.
/// </summary>
public sealed record TuiBackend(
    LogRingBuffer Logs,
    Func<CancellationToken, Task<IReadOnlyList<string>>>? Certs = null,
    Func<CancellationToken, Task<IReadOnlyList<string>>>? Checks = null,
    Func<CancellationToken, Task<IReadOnlyList<string>>>? Bans = null,
    Func<CancellationToken, Task<IReadOnlyList<ServiceRow>>>? Services = null,
    Func<IProgress<string>, CancellationToken, Task<string>>? BringUp = null);
