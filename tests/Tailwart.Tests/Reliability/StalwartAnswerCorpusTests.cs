using System.Text;
using Tailwart.Tests.Bans;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>`tailwart bans` against a management API that answers badly, or not at all.</summary>
[Trait("Category", "Reliability")]
public sealed class StalwartAnswerCorpusTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Http(string status, string body, string? extraHeaders = null) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}Connection: close\r\n\r\n").Concat(Encoding.UTF8.GetBytes(body)).ToArray();

    public static TheoryData<string> Answers() => [.. Corpus.Keys];

    private static readonly Dictionary<string, byte[]> Corpus = new()
    {
        ["garbage JSON"] = Http("200 OK", "{\"data\":{\u0001,"),
        ["JSON null"] = Http("200 OK", "null"),
        ["a JSON array"] = Http("200 OK", "[1,2]"),
        ["data of the wrong type"] = Http("200 OK", "{\"data\":\"items\"}"),
        ["total not a number"] = Http("200 OK", "{\"data\":{\"total\":\"many\",\"items\":{}}}"),
        ["total 1e999"] = Http("200 OK", "{\"data\":{\"total\":1e999,\"items\":{}}}"),
        ["items of the wrong type"] = Http("200 OK", "{\"data\":{\"total\":3,\"items\":[1,2,3]}}"),
        ["nested 10000 deep"] = Http("200 OK", new string('[', 10_000) + new string(']', 10_000)),
        ["an 8 MB body"] = [.. Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"), .. Enumerable.Repeat((byte)'a', 8 * 1024 * 1024)],
        ["a body shorter than its length"] = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"data\":"),
        ["bad chunked encoding"] = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnope\r\n"),
        ["not HTTP at all"] = Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.6\r\n"),
        ["a garbage status line"] = Encoding.ASCII.GetBytes("HTTP/1.1 abc\r\n\r\n"),
        ["500 with an HTML page"] = Http("500 Internal Server Error", "<html><body>oops</body></html>"),
        ["401"] = Http("401 Unauthorized", "{\"type\":\"about:blank\",\"status\":401}"),
        ["403"] = Http("403 Forbidden", "{}"),
        ["429 with Retry-After"] = Http("429 Too Many Requests", "{}", "Retry-After: 99999999\r\n"),
        ["a redirect to a closed port"] = Http("302 Found", "", $"Location: http://127.0.0.1:{LoopbackConfig.ClosedPort()}/\r\n"),
        ["an empty answer"] = [],
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Bans_answers_a_bad_management_api_with_a_message_naming_stalwart_and_no_stack_trace(string answer)
    {
        // given
        await using var server = new FakeStalwartServer { Raw = Corpus[answer] };
        await RunAndJudgeAsync(server, answer);
    }

    [Fact]
    public async Task Bans_answers_a_server_that_closes_at_once_with_a_message_naming_stalwart()
    {
        // given
        await using var server = new FakeStalwartServer { CloseAtAccept = true };
        await RunAndJudgeAsync(server, "closes at accept");
    }

    [Fact]
    public async Task Bans_gives_up_on_a_server_that_accepts_and_never_answers_within_its_deadline()
    {
        // given
        await using var server = new FakeStalwartServer { Hang = true };
        await RunAndJudgeAsync(server, "never answers");
    }

    private async Task RunAndJudgeAsync(FakeStalwartServer server, string answer)
    {
        string config = _dir.Write("c.json", LoopbackConfig.Text(stalwartPort: server.Port));
        foreach (string[] extra in new[] { new[] { "--json" }, Array.Empty<string>() })
        {
            // when
            var outcome = await BoundedOutcome.RunAsync(Deadline, async _ =>
            {
                var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, ["bans", "--config", config, .. extra]);
                return $"exit {run.ExitCode}\n{run.All}";
            });
            ReliabilityFigures.Tried("stalwart-api", outcome);

            // then
            Assert.False(outcome.Hung, $"{answer}: {outcome}");
            Assert.False(outcome.Crashed, $"{answer}: {outcome}");
            Assert.True(outcome.Text.Contains("Stalwart", StringComparison.OrdinalIgnoreCase) || outcome.Text.Contains($"127.0.0.1:{server.Port}", StringComparison.Ordinal), $"{answer}: the message names neither Stalwart nor its address:\n{outcome.Text}");
        }
    }
}
