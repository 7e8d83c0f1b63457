using Tailwart.Core;
using Tailwart.Core.Checks;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>Name resolution and the DNS checks against a loopback resolver that answers badly or never.</summary>
[Trait("Category", "Reliability")]
public sealed class DnsCorpusTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<DnsAnswer> Answers() => [.. Enum.GetValues<DnsAnswer>()];

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Resolving_through_a_bad_resolver_ends_in_a_message_naming_the_host_within_the_deadline(DnsAnswer answer)
    {
        // given
        using var dns = new DnsResponder(answer);
        var resolver = new HostResolver($"127.0.0.1:{dns.Port}", TimeSpan.FromSeconds(1));

        // when
        var outcome = await BoundedOutcome.RunAsync(Deadline, async ct =>
        {
            try
            {
                var addresses = await resolver.ResolveAsync("mail.example.com", ct);
                return "resolved to " + string.Join(", ", addresses);
            }
            catch (UserFacingException e)
            {
                return e.Message;
            }
        });
        ReliabilityFigures.Tried("dns", outcome);

        // then
        Assert.False(outcome.Hung, $"{answer}: {outcome}");
        Assert.False(outcome.Crashed, $"{answer}: {outcome}");
        Assert.Contains("mail.example.com", outcome.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task The_dns_checks_report_findings_not_exceptions_when_the_resolver_answers_badly(DnsAnswer answer)
    {
        // given
        using var dns = new DnsResponder(answer);
        var config = new ConfigLoader(() => []).Load(_dir.Write("c.json", LoopbackConfig.Text(dnsPort: dns.Port))).Config!;
        var checks = new DnsChecks(config, new HostResolver(config.Dns.Resolver, TimeSpan.FromSeconds(1)).Client);

        // when
        IReadOnlyList<Finding>? findings = null;
        var outcome = await BoundedOutcome.RunAsync(Deadline, async ct =>
        {
            findings = await checks.RunAsync(null, ct);
            return string.Join('\n', findings.Select(f => $"{f.Severity} {f.Title}: {f.Evidence}"));
        });
        ReliabilityFigures.Tried("dns", outcome);

        // then
        Assert.False(outcome.Hung, $"{answer}: {outcome}");
        Assert.False(outcome.Crashed, $"{answer}: {outcome}");
        Assert.NotEmpty(findings!);
        Assert.Contains("example.com", outcome.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_dnsclient_cannot_encode_is_reported_like_a_bad_answer_not_thrown()
    {
        // given: a label over 63 bytes, as an SPF record's include: can hand over; DnsClient 1.8.0 throws an
        // ArgumentException for it (and, now and then, for a garbage answer: the same path)
        using var dns = new DnsResponder(DnsAnswer.ServFail);
        string name = new string('x', 70) + ".example.com";

        // when
        Exception? resolve = await Record.ExceptionAsync(() => new HostResolver($"127.0.0.1:{dns.Port}", TimeSpan.FromSeconds(1)).ResolveAsync(name, CancellationToken.None));
        var answer = await new Tailwart.Core.Postmaster.PostmasterDns($"127.0.0.1:{dns.Port}", TimeSpan.FromSeconds(1)).QueryAsync(name, DnsClient.QueryType.TXT);

        // then: the host's message and a DNS error, as for any answer that is not DNS
        var e = Assert.IsType<UserFacingException>(resolve);
        Assert.Contains(name + " could not be resolved: DnsClient could not query", e.Message, StringComparison.Ordinal);
        Assert.Contains("longer than 63 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(Tailwart.Core.Postmaster.DnsOutcome.Error, answer.Outcome);
        Assert.Contains("longer than 63 bytes", answer.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DnsAnswer.Silent)]
    [InlineData(DnsAnswer.Garbage)]
    [InlineData(DnsAnswer.ServFail)]
    public async Task Probe_through_a_bad_resolver_exits_with_a_message_and_no_stack_trace(DnsAnswer answer)
    {
        // given: the public hostname is a name, so the probe must resolve it first
        using var dns = new DnsResponder(answer);
        string config = _dir.Write("c.json", LoopbackConfig.Text(dnsPort: dns.Port, edit: root => root["edge"]!["publicHostname"] = "mail.example.com"));

        // when
        var outcome = await BoundedOutcome.RunAsync(Deadline, async _ =>
        {
            var run = await CliRun.InvokeAsync(_dir.Path, Configs.SecretEnvironment, false, null, "probe", "25", "--config", config);
            return $"exit {run.ExitCode}\n{run.All}";
        });
        ReliabilityFigures.Tried("dns", outcome);

        // then
        Assert.False(outcome.Hung, $"{answer}: {outcome}");
        Assert.False(outcome.Crashed, $"{answer}: {outcome}");
        Assert.Contains("mail.example.com", outcome.Text, StringComparison.Ordinal);
    }
}
