using System.Text;
using Tailwart.Core.Acme;
using Tailwart.Core.Config;
using Tailwart.Tests.Bans;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>`tailwart key-test` (Spaceship) and the Cert Spotter client against error answers, garbage and silence.</summary>
[Trait("Category", "Reliability")]
public sealed class RegistrarAnswerCorpusTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(25);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Http(string status, string body, string headers = "") =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{headers}Connection: close\r\n\r\n{body}");

    private static readonly Dictionary<string, byte[]?> Corpus = new()
    {
        ["401 with an error code"] = Http("401 Unauthorized", "{}", "spaceship-error-code: 1000\r\n"),
        ["403"] = Http("403 Forbidden", "{}"),
        ["404"] = Http("404 Not Found", "{}"),
        ["429 with Retry-After 99999999"] = Http("429 Too Many Requests", "{}", "Retry-After: 99999999\r\n"),
        ["429 with a Retry-After date"] = Http("429 Too Many Requests", "{}", "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n"),
        ["429 with a garbage Retry-After"] = Http("429 Too Many Requests", "{}", "Retry-After: soon\r\n"),
        ["500"] = Http("500 Internal Server Error", "<html>down</html>"),
        ["418"] = Http("418 I'm a teapot", ""),
        ["200 with garbage JSON"] = Http("200 OK", "{\"items\":[{\u0001"),
        ["200 with items of the wrong type"] = Http("200 OK", "[{\"id\":5,\"dns_names\":\"x\",\"not_after\":\"yesterday\"}]"),
        ["200 with a body shorter than its length"] = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n[{\"id\":"),
        ["200 with an 8 MB array"] = [.. Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n["), .. Enumerable.Repeat((byte)'[', 8 * 1024 * 1024)],
        ["not HTTP"] = Encoding.ASCII.GetBytes("220 smtp here\r\n"),
        ["an empty answer"] = [],
    };

    public static TheoryData<string> Answers() => [.. Corpus.Keys];

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Key_test_explains_a_bad_spaceship_answer_without_a_stack_trace(string answer)
    {
        // given: a fresh state directory each time, so the key test's own budget never refuses
        await using var server = new FakeStalwartServer { Raw = Corpus[answer] };
        using var state = new TempDir();
        string config = _dir.Write("c.json", LoopbackConfig.Text(spaceshipPort: server.Port));

        // when
        var outcome = await BoundedOutcome.RunAsync(Deadline, async _ =>
        {
            var run = await CliRun.InvokeAsync(state.Path, Configs.SecretEnvironment, false, null, "key-test", "--config", config);
            return $"exit {run.ExitCode}\n{run.All}";
        });
        ReliabilityFigures.Tried("spaceship", outcome);

        // then
        Assert.False(outcome.Hung, $"{answer}: {outcome}");
        Assert.False(outcome.Crashed, $"{answer}: {outcome}");
        Assert.True(outcome.Text.Contains("Spaceship", StringComparison.OrdinalIgnoreCase) || outcome.Text.Contains("key", StringComparison.OrdinalIgnoreCase), $"{answer}: {outcome.Text}");
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Cert_spotter_answers_a_bad_answer_with_a_problem_naming_cert_spotter_never_an_exception(string answer)
    {
        // given
        await using var server = new FakeStalwartServer { Raw = Corpus[answer] };
        var client = new CertspotterClient(new CertspotterSettings { BaseUrl = new Uri($"http://127.0.0.1:{server.Port}/v1") }, Path.Combine(_dir.Path, $"cache-{Guid.NewGuid():N}.json"), TimeProvider.System);

        // when
        IssuanceHistory? history = null;
        var outcome = await BoundedOutcome.RunAsync(Deadline, async ct =>
        {
            history = await client.GetAsync("example.com", ct);
            return history.Problem ?? $"{history.Issuances.Count} issuances";
        });
        ReliabilityFigures.Tried("certspotter", outcome);

        // then
        Assert.False(outcome.Hung, $"{answer}: {outcome}");
        Assert.False(outcome.Crashed, $"{answer}: {outcome}");
        Assert.Contains("Cert Spotter", history!.Problem ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_test_gives_up_on_a_spaceship_that_never_answers_and_says_so()
    {
        // given
        await using var server = new FakeStalwartServer { Hang = true };
        string config = _dir.Write("c.json", LoopbackConfig.Text(spaceshipPort: server.Port));

        // when
        var outcome = await BoundedOutcome.RunAsync(Deadline, async _ => (await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "key-test", "--config", config)).All);
        ReliabilityFigures.Tried("spaceship", outcome);

        // then
        Assert.False(outcome.Hung, outcome.ToString());
        Assert.False(outcome.Crashed, outcome.ToString());
        Assert.Contains("no answer within", outcome.Text, StringComparison.Ordinal);
    }
}
