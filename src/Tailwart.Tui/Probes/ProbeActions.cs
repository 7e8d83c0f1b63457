using Tailwart.Core;
using Tailwart.Core.Guards;
using Tailwart.Core.KeyTest;
using Tailwart.Core.Probes;
using Tailwart.Tui.Panes;
using Tailwart.Core.Presenting;

namespace Tailwart.Tui.Probes;

/// <summary>
/// The Probes tab's two actions, probe and key test. Both go through the backend's Core guards (the
/// same persisted ledgers as the CLI), so the TUI cannot probe or test faster than the budget; both
/// are refused under --read-only, because a probe can arm a ban on the box (lesson 3).
/// </summary>
internal sealed class ProbeActions(TuiBackend backend, bool readOnly, ReportPane pane, KeyTestForm form, Action<string> say, Action show)
{
    public const string ProbeUsage = "PORT… (25 587 465 143 993 443 8080) or all (Stalwart's own listeners), then edge or netns (both when left out)";

    /// <summary>Runs the probes <paramref name="args"/> names (nothing = every port over every path) in the background.</summary>
    public void Probe(string args)
    {
        if (Refused("probe") || backend.Probe is null && Unavailable("probes are not available in this build"))
            return;
        var ports = new List<int>();
        var paths = new List<string>();
        foreach (string word in args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (backend.ProbePaths.Contains(word))
                paths.Add(word);
            else if (int.TryParse(word, out int port) && ProbePorts.Default.ContainsKey(port))
                ports.Add(port);
            else if (word != "all")
            {
                say($"'{word}' is not a port or path tailwart probes; use {ProbeUsage}");
                return;
            }
        }
        // No port named: the run reads Stalwart's listeners first and probes only the ports it has.
        IReadOnlyList<int>? selected = ports.Count == 0 ? null : ports;
        IReadOnlyList<string> over = paths.Count == 0 ? backend.ProbePaths : paths;
        show();
        say(pane.Run(async ct => Plain(await ProbeRun.RunAsync(backend, over, selected, ct).ConfigureAwait(false)))
            ? $"probing {(selected is null ? "Stalwart's listeners" : string.Join(" ", selected))} over {string.Join(" and ", over)}: one probe per port and path within the budget"
            : "a run is still going in the Probes tab; its results will show there");
    }

    /// <summary>Tests the Spaceship key once: with the configured references, or asks for the key in masked fields.</summary>
    public void KeyTest()
    {
        if (Refused("the key test") || backend.KeyTest is null && Unavailable("the key test needs a spaceship section in tailwart.json (baseUrl, apiKey, apiSecret)"))
            return;
        show();
        try
        {
            if (backend.ConfiguredKeyTestCredentials?.Invoke() is { } configured)
            {
                Run(configured, typed: false);
                return;
            }
            if (BudgetRefuses())
                return;
            form.Open("no key is configured", credentials => Run(credentials, typed: true));
        }
        catch (UserFacingException unresolved)
        {
            if (BudgetRefuses())
                return;
            form.Open(unresolved.Message, credentials => Run(credentials, typed: true));
        }
        say("type the Spaceship API key and secret (masked, memory only); Enter runs one key test, Esc cancels");
    }

    /// <summary>
    /// Before asking for a key: when the budget would refuse the test anyway, say so now and open no
    /// form (the guard still decides when the test runs; this only spares the typing).
    /// </summary>
    private bool BudgetRefuses()
    {
        if (backend.KeyTestRefusedUntil?.Invoke() is not { } next)
            return false;
        say($"Spaceship key test refused: budget, next at {next.ToUniversalTime():HH:mm:ss}Z (nothing to type until then)");
        return true;
    }

    private void Run(KeyTestCredentials credentials, bool typed)
    {
        var test = backend.KeyTest!;
        bool started = pane.Run(async ct => Plain(await Test(ct).ConfigureAwait(false)));
        async Task<IReadOnlyList<string>> Test(CancellationToken ct)
        {
            try
            {
                return KeyTestLines.Render(await test(credentials, ct).ConfigureAwait(false), typed);
            }
            catch (GuardRefusedException refused)
            {
                return [$"Spaceship key test refused: budget, next at {refused.NextAllowedAt.ToUniversalTime():HH:mm:ss}Z ({refused.Why})"];
            }
        }
        say(started ? "key test: one request to Spaceship…" : "a run is still going in the Probes tab; try the key test when it has finished");
    }

    private static IReadOnlyList<PresentedLine> Plain(IReadOnlyList<string> lines) => [.. lines.Select(PresentedLine.Plain)];

    private bool Refused(string what)
    {
        if (readOnly)
            say($"read-only: {what} was refused (tailwart was started with --read-only)");
        return readOnly;
    }

    private bool Unavailable(string why)
    {
        say(why);
        return true;
    }
}
