using Tailwart.Core.Config;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

[Trait("Category", "Reliability")]
public sealed class ConfigCorpusTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_malformed_config_ends_as_problems_that_name_the_file_and_a_json_path_without_crash_or_hang()
    {
        // given
        var failures = new List<string>();
        int index = 0;
        foreach (BadConfig bad in ConfigCorpus.All())
        {
            string file = Path.Combine(_dir.Path, $"bad-{index++}.json");
            await File.WriteAllBytesAsync(file, bad.Bytes);

            // when
            ConfigLoadResult? result = null;
            var outcome = await BoundedOutcome.RunAsync(Deadline, _ =>
            {
                result = new ConfigLoader(() => bad.Environment).Load(file);
                return Task.FromResult(string.Join('\n', result.Problems));
            });
            ReliabilityFigures.Tried("config", outcome);

            // then
            string? why = outcome.Hung || outcome.Crashed ? outcome.ToString() : Judge(result!, file, bad);
            if (why is not null)
                failures.Add($"{bad.Name}: {why}");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Null when the result is acceptable: a usable config, or errors that each say where and what.</summary>
    private static string? Judge(ConfigLoadResult result, string file, BadConfig bad)
    {
        if (result.Problems.Any(p => p.File != file || !p.JsonPath.StartsWith('$') || string.IsNullOrWhiteSpace(p.Message)))
            return "a problem without file, path or message: " + string.Join(" | ", result.Problems);
        if (!result.HasErrors)
            return bad.Names is null || IsFreeText(bad) ? null : "accepted; expected an error at " + bad.Names;
        if (result.Problems.Count == 0)
            return "no config and no problem";
        if (bad.Names is not null && !result.Problems.Any(p => Names(p, bad.Names)))
            return $"no problem names {bad.Names}: " + string.Join(" | ", result.Problems);
        return null;
    }

    private static bool Names(ConfigProblem problem, string path) =>
        problem.JsonPath.StartsWith(path, StringComparison.OrdinalIgnoreCase)
        || (path.StartsWith(problem.JsonPath, StringComparison.OrdinalIgnoreCase) && problem.ToString().Contains(path[(path.LastIndexOf('.') + 1)..], StringComparison.OrdinalIgnoreCase));

    /// <summary>A huge string where any string is allowed (a database name, say) may be accepted.</summary>
    private static bool IsFreeText(BadConfig bad) => bad.Name.Contains("200 kB", StringComparison.Ordinal) || bad.Name.Contains("FILES__", StringComparison.Ordinal);

    [Fact]
    public async Task Config_check_prints_the_file_and_exits_2_for_a_sample_of_the_corpus_without_a_stack_trace()
    {
        // given
        var failures = new List<string>();
        var sample = ConfigCorpus.All().Where((_, i) => i % 7 == 0).ToList();
        foreach (BadConfig bad in sample)
        {
            string file = Path.Combine(_dir.Path, "cli.json");
            await File.WriteAllBytesAsync(file, bad.Bytes);
            var env = new Dictionary<string, string>(Configs.SecretEnvironment);
            foreach (var (k, v) in bad.Environment)
                env[k] = v;

            // when
            var outcome = await BoundedOutcome.RunAsync(Deadline, async _ => (await CliRun.InvokeAsync(_dir.Path, env, false, null, "config", "check", "--config", file)).All);
            ReliabilityFigures.Tried("config-cli", outcome);

            // then
            if (outcome.Hung || outcome.Crashed)
                failures.Add($"{bad.Name}: {outcome}");
            else if (outcome.Text.Contains("error", StringComparison.Ordinal) && !outcome.Text.Contains(file, StringComparison.Ordinal))
                failures.Add($"{bad.Name}: the message does not name {file}: {outcome.Text}");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
