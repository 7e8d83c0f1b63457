using Tailwart.Cli;
using Tailwart.Tui;

namespace Tailwart.Tests.Support;

/// <summary>Runs the real CLI in-process with captured streams and a controlled environment.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> InvokeAsync(string stateDir, IReadOnlyDictionary<string, string>? env, bool terminal, Func<TuiOptions, int>? tui, params string[] args)
    {
        var variables = new Dictionary<string, string>(env ?? new Dictionary<string, string>()) { ["XDG_STATE_HOME"] = stateDir, ["HOME"] = stateDir };
        // Never the machine's real box-wide ledger (/var/lib/tailwart): a test that wants one creates this directory.
        variables.TryAdd("TAILWART_BOX_STATE_DIR", Path.Combine(stateDir, "box"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(stdout, stderr, variables, stateDir, terminal);
        int code = await TailwartCli.RunAsync(args, environment, (options, _) => (tui ?? (_ => throw new InvalidOperationException("the TUI must not open in this test")))(options));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public string All => Out + Error;
}
