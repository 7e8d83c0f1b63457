using System.Text;
using System.Text.Json.Nodes;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>`tailwart lint` against compose files (and a .env) that are broken in every way a hand-edited file can be.</summary>
[Trait("Category", "Reliability")]
public sealed class ComposeCorpusTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static string Laughs()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++)
            yaml.Append(c).Append(": &").Append(c).Append(" [").Append(string.Join(',', Enumerable.Repeat("*" + (char)(c - 1), 9))).Append("]\n");
        return yaml.Append("services:\n  stalwart:\n    image: x\n    labels: *j\n").ToString();
    }

    private static readonly Dictionary<string, byte[]> Corpus = new()
    {
        ["empty"] = [],
        ["binary garbage"] = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(),
        ["a tab indent"] = Encoding.UTF8.GetBytes("services:\n\tstalwart:\n\t\timage: x\n"),
        ["an unclosed quote"] = Encoding.UTF8.GetBytes("services:\n  stalwart:\n    image: \"x\n"),
        ["services as a list"] = Encoding.UTF8.GetBytes("services:\n  - stalwart\n  - caddy\n"),
        ["services as a string"] = Encoding.UTF8.GetBytes("services: stalwart\n"),
        ["a service as a number"] = Encoding.UTF8.GetBytes("services:\n  stalwart: 5\n"),
        ["network_mode as a map"] = Encoding.UTF8.GetBytes("services:\n  stalwart:\n    network_mode: {a: 1}\n    depends_on: 7\n"),
        ["healthcheck test as a number"] = Encoding.UTF8.GetBytes("services:\n  ts-stalwart:\n    healthcheck:\n      test: 5\n      interval: forever\n"),
        ["depends_on with a bad condition"] = Encoding.UTF8.GetBytes("services:\n  stalwart:\n    depends_on:\n      ts-stalwart:\n        condition: [1]\n"),
        ["a billion laughs"] = Encoding.UTF8.GetBytes(Laughs()),
        ["nested 5000 deep"] = Encoding.UTF8.GetBytes("services: " + new string('[', 5000) + new string(']', 5000) + "\n"),
        ["a 20 MB file"] = Encoding.UTF8.GetBytes("services:\n  stalwart:\n    image: x\n# " + new string('x', 20 * 1024 * 1024) + "\n"),
        ["a UTF-16 file"] = Encoding.Unicode.GetBytes("services:\n  stalwart:\n    image: x\n"),
        ["two documents"] = Encoding.UTF8.GetBytes("services: {}\n---\nservices: {}\n"),
        ["a duplicate key"] = Encoding.UTF8.GetBytes("services:\n  stalwart: {}\n  stalwart: {}\n"),
        ["a custom tag"] = Encoding.UTF8.GetBytes("services: !!python/object:os.system {}\n"),
    };

    public static TheoryData<string> Files() => [.. Corpus.Keys, "a directory", "a missing file", "a .env of garbage"];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Lint_reports_a_broken_compose_file_by_name_without_crash_or_hang(string kind)
    {
        // given
        using var dir = new TempDir();
        string project = Directory.CreateDirectory(Path.Combine(dir.Path, "mail")).FullName;
        string compose = Path.Combine(project, "docker-compose.yml");
        if (kind == "a directory")
            Directory.CreateDirectory(compose);
        else if (kind == "a .env of garbage")
        {
            await File.WriteAllTextAsync(compose, "services:\n  stalwart:\n    image: x\n    env_file: .env\n");
            await File.WriteAllBytesAsync(Path.Combine(project, ".env"), [0xFF, 0xFE, 0x00, (byte)'=', (byte)'\n', .. Encoding.UTF8.GetBytes("=\nA\nB==\n\0\0")]);
        }
        else if (kind != "a missing file")
            await File.WriteAllBytesAsync(compose, Corpus[kind]);
        string config = dir.Write("c.json", Configs.Valid(root => root["compose"]!["projectDirectory"] = project));

        foreach (string[] extra in new[] { Array.Empty<string>(), ["--json"] })
        {
            // when
            var outcome = await BoundedOutcome.RunAsync(Deadline, async _ =>
            {
                var run = await CliRun.InvokeAsync(dir.Path, Configs.SecretEnvironment, false, null, ["lint", "--config", config, .. extra]);
                return $"exit {run.ExitCode}\n{run.All}";
            });
            ReliabilityFigures.Tried("compose", outcome);

            // then
            Assert.False(outcome.Hung, $"{kind}: {outcome}");
            Assert.False(outcome.Crashed, $"{kind}: {outcome}");
            if (!outcome.Text.StartsWith("exit 0", StringComparison.Ordinal))
                Assert.True(outcome.Text.Contains("docker-compose.yml", StringComparison.Ordinal) || outcome.Text.Contains(".env", StringComparison.Ordinal), $"{kind}: the message names no file:\n{outcome.Text}");
        }
    }
}
