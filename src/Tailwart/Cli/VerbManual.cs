namespace Tailwart.Cli;

/// <summary>
/// The man-page sections `--help` prints after System.CommandLine's own description, usage and
/// options: what each exit code means, examples to copy, where the files live, related verbs.
/// </summary>
/// <param name="ExitCodes">Code → meaning, in the order a script checks them.</param>
/// <param name="Examples">Command line → what it does.</param>
/// <param name="Files">Paths this verb reads or writes, each with why.</param>
/// <param name="SeeAlso">Related verbs ("tailwart doctor") or README sections.</param>
public sealed record VerbManual(
    IReadOnlyList<(int Code, string Meaning)> ExitCodes,
    IReadOnlyList<(string Command, string What)> Examples,
    IReadOnlyList<string> Files,
    IReadOnlyList<string> SeeAlso);
