using System.CommandLine;
using Tailwart.Cli;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Cli;

/// <summary>`--help` of every verb reads like a man page: description, usage, every option described, exit codes, examples.</summary>
public sealed class HelpManualTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RootCommand Tree() =>
        TailwartCli.Build(new CliEnvironment(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>(), Path.GetTempPath(), false),
            (_, _) => throw new InvalidOperationException("the TUI must not open in this test"));

    private static IEnumerable<Command> Walk(Command command) => command.Subcommands.SelectMany(Walk).Prepend(command);

    public static TheoryData<string> Verbs()
    {
        var data = new TheoryData<string>();
        foreach (Command c in Walk(Tree()))
            data.Add(VerbManuals.PathOf(c));
        return data;
    }

    [Fact]
    public void Every_verb_option_and_argument_in_the_tree_has_a_description_and_every_verb_a_manual()
    {
        var missing = new List<string>();
        foreach (Command command in Walk(Tree()))
        {
            string path = VerbManuals.PathOf(command);
            if (string.IsNullOrWhiteSpace(command.Description))
                missing.Add($"{path}: no description");
            missing.AddRange(command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)).Select(o => $"{path} {o.Name}: no description"));
            missing.AddRange(command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{path} <{a.Name}>: no description"));
            if (VerbManuals.For(path) is not VerbManual manual)
                missing.Add($"{path}: no manual (VerbManuals)");
            else
            {
                if (manual.ExitCodes.Count == 0 || manual.ExitCodes.Any(e => string.IsNullOrWhiteSpace(e.Meaning)))
                    missing.Add($"{path}: no exit codes");
                if (manual.Examples.Count == 0 || manual.Examples.Any(e => !e.Command.Contains("tailwart", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(e.What)))
                    missing.Add($"{path}: no examples, or an example that does not run tailwart");
                if (manual.ExitCodes.Select(e => e.Code).Distinct().Count() != manual.ExitCodes.Count)
                    missing.Add($"{path}: an exit code listed twice");
            }
        }

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_prints_description_usage_options_exit_codes_and_examples(string path)
    {
        // given
        string[] words = path.Split(' ')[1..];
        Command command = Walk(Tree()).Single(c => VerbManuals.PathOf(c) == path);

        // when
        var run = await CliRun.InvokeAsync(_dir.Path, null, false, null, [.. words, "--help"]);

        // then: in the order of a man page, with every option of the verb and every example in it
        Assert.Equal(0, run.ExitCode);
        int[] at = [.. new[] { "Description:", "Usage:", "Exit codes:", "Examples:" }.Select(h => run.Out.IndexOf(h, StringComparison.Ordinal))];
        Assert.True(at.All(i => i >= 0) && at.SequenceEqual(at.Order()), run.Out);
        foreach (Option option in command.Options)
            Assert.Contains(option.Name, run.Out, StringComparison.Ordinal);
        foreach (var (example, _) in VerbManuals.For(path)!.Examples)
            Assert.Contains(example, run.Out, StringComparison.Ordinal);
        foreach (var (code, meaning) in VerbManuals.For(path)!.ExitCodes)
            Assert.Contains($"{code,-5}{meaning}", run.Out[at[2]..at[3]], StringComparison.Ordinal);
    }
}
