using System.CommandLine;

namespace Tailwart.Cli.Verbs;

/// <summary>
/// Runs a verb body inside the CLI's exit-code contract (TailwartCli.GuardedAsync): each verb file
/// defines its own Command and hands its body to this.
/// </summary>
public delegate Task<int> VerbRunner(ParseResult parse, Func<VerbContext, Task<int>> run, CancellationToken ct);
