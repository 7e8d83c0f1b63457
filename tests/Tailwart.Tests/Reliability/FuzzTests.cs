using System.Diagnostics;
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
    public void The_log_signature_matcher_answers_any_line_within_50_ms_and_never_throws()
    {
        // given: random text, catalogue-like fragments repeated (backtracking bait), and very long lines
        var fragments = Gen.OneOf("Failed to", "connect", "database", "postgres", "error", "Network is unreachable", "100.64.", "ACME", "rate limit", "  ", "::", "a", "\"");
        var bait = fragments.Array[1, 400].Select(parts => string.Concat(parts));
        var longLine = Gen.Char.AlphaNumeric.Select(c => new string(c, 200_000));
        long worst = 0;
        int tried = 0;
        _ = LogSignatureCatalogue.Match("warm-up: the first match compiles the patterns");

        // when / then
        Gen.OneOf(Gen.String, bait, longLine).Sample(line =>
        {
            Interlocked.Increment(ref tried);
            var clock = Stopwatch.StartNew();
            _ = LogSignatureCatalogue.Match(line);
            worst = Math.Max(worst, clock.ElapsedMilliseconds);
            return clock.ElapsedMilliseconds < 50;
        }, iter: Iterations * 5, threads: 1);
        ReliabilityFigures.Add("inputs.fuzz-log-signatures", tried);
        ReliabilityFigures.Add("inputs.total", tried);
    }
}
