using System.Text.RegularExpressions;
using System.Text;
using CsCheck;
using Tailwart.Core.Config;
using Tailwart.Core.Logs;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

[Trait("Category", "Reliability")]
public sealed class FuzzTests : IDisposable
{
    private const int Iterations = 400;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The valid config with a few characters deleted, inserted or replaced at random places.</summary>
    private static readonly Gen<string> MutatedConfig =
        Gen.Select(Gen.Int[0, 2], Gen.Double[0, 1], Gen.OneOf('{', '}', '[', ']', '"', ',', ':', '\\', '\0', 'é', 'x', '7')).Array[1, 8]
            .Select(edits =>
            {
                var text = new StringBuilder(Configs.Valid());
                foreach (var (kind, where, c) in edits)
                {
                    int at = (int)(where * (text.Length - 1));
                    switch (kind)
                    {
                        case 0: text.Remove(at, 1); break;
                        case 1: text.Insert(at, c); break;
                        default: text[at] = c; break;
                    }
                }
                return text.ToString();
            });

    private static readonly Gen<string> JsonishText = Gen.String[Gen.OneOf('{', '}', '[', ']', '"', ',', ':', '1', 'e', '-', 'a', ' ', '\\', 'u', 'n', 't'), 0, 300];

    [Fact]
    public void Any_config_text_gives_a_result_or_problems_never_an_exception_and_problems_carry_a_file_and_a_json_path()
    {
        // given
        string file = Path.Combine(_dir.Path, "fuzz.json");
        var loader = new ConfigLoader(() => []);
        int tried = 0;

        // when / then
        Gen.OneOf(MutatedConfig, JsonishText, Gen.String).Sample(text =>
        {
            Interlocked.Increment(ref tried);
            File.WriteAllText(file, text);
            ConfigLoadResult result = loader.Load(file);
            return (result.Config is not null || result.Problems.Count > 0)
                && result.Problems.All(p => p.File == file && p.JsonPath.StartsWith('$') && p.Message.Length > 0);
        }, iter: Iterations, threads: 1);
        ReliabilityFigures.Add("inputs.fuzz-config", tried);
        ReliabilityFigures.Add("inputs.total", tried);
    }

    [Fact]
    public void Any_environment_override_gives_a_result_or_problems_never_an_exception()
    {
        // given
        string file = _dir.Write("valid.json", Configs.Valid());
        var names = Gen.OneOf("POSTGRES__PORT", "POSTGRES", "COMPOSE__FILES__0", "COMPOSE__FILES__X", "UI__KEYBINDINGS__QUIT", "X__Y__Z", "", "__", "DNS__RESOLVER", "STALWART__ADMINURL");
        int tried = 0;

        // when / then
        Gen.Select(names, Gen.String[0, 200]).Sample((name, value) =>
        {
            Interlocked.Increment(ref tried);
            var result = new ConfigLoader(() => [new("TAILWART__" + name, value)]).Load(file);
            return (result.Config is not null || result.Problems.Count > 0) && result.Problems.All(p => p.File == file && p.JsonPath.StartsWith('$'));
        }, iter: Iterations, threads: 1);
        ReliabilityFigures.Add("inputs.fuzz-env", tried);
        ReliabilityFigures.Add("inputs.total", tried);
    }

    [Fact]
    public void Every_log_signature_runs_on_the_non_backtracking_engine()
    {
        // Catastrophic backtracking is ruled out by construction, not by a stopwatch: .NET's
        // NonBacktracking engine matches in time linear in the input, and the input is capped at MatchWindow.
        Assert.NotEmpty(LogSignatureCatalogue.All);
        Assert.All(LogSignatureCatalogue.All, s =>
            Assert.True(s.Pattern.Options.HasFlag(RegexOptions.NonBacktracking), $"{s.Id} is built without RegexOptions.NonBacktracking: a hostile log line could make it backtrack catastrophically"));
    }

    [Fact]
    public void Only_the_head_of_a_line_is_matched_so_an_enormous_line_costs_one_window()
    {
        const string blocked = "(security.ip-blocked) remoteIp = 203.0.113.9";

        var inside = LogSignatureCatalogue.Match(new string('x', LogSignatureCatalogue.MatchWindow - blocked.Length) + blocked);
        var beyond = LogSignatureCatalogue.Match(new string('x', LogSignatureCatalogue.MatchWindow) + blocked);

        Assert.Equal("log.ip-blocked", inside?.Id);
        Assert.Null(beyond);
    }

    [Fact]
    public void The_log_signature_matcher_answers_any_line_without_a_match_timeout_and_never_throws()
    {
        // given: random text, catalogue-like fragments repeated (backtracking bait), and very long lines;
        // the catalogue's patterns again, each with a match timeout no linear match of a window comes near
        // (a RegexMatchTimeoutException would be a pattern gone catastrophic), so nothing here is timed
        var fragments = Gen.OneOf("Failed to", "connect", "database", "postgres", "error", "Network is unreachable", "100.64.", "ACME", "rate limit", "  ", "::", "a", "\"");
        var bait = fragments.Array[1, 400].Select(parts => string.Concat(parts));
        var longLine = Gen.Char.AlphaNumeric.Select(c => new string(c, 200_000));
        var guarded = LogSignatureCatalogue.All.Select(s => new Regex(s.Pattern.ToString(), s.Pattern.Options, TimeSpan.FromSeconds(2))).ToList();
        int tried = 0;

        // when / then: Match never throws, and no pattern exceeds its match timeout on the window Match reads
        Gen.OneOf(Gen.String, bait, longLine).Sample(line =>
        {
            Interlocked.Increment(ref tried);
            _ = LogSignatureCatalogue.Match(line);
            string window = line.Length > LogSignatureCatalogue.MatchWindow ? line[..LogSignatureCatalogue.MatchWindow] : line;
            foreach (Regex pattern in guarded)
                _ = pattern.IsMatch(window);
        }, iter: Iterations * 5, threads: 1);
        ReliabilityFigures.Add("inputs.fuzz-log-signatures", tried);
        ReliabilityFigures.Add("inputs.total", tried);
    }
}
