using Tailwart.Core.Certs;
using Tailwart.Core.Config;
using Tailwart.Core.Dns;
using Tailwart.Core.Guards;
using Tailwart.Core.Net;
using Tailwart.Core.Probes;
using Tailwart.Core.State;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Reliability;

/// <summary>The probes and the certificate sweep against peers that are not TLS on TLS ports.</summary>
[Trait("Category", "Reliability")]
public sealed class TlsPortCorpusTests : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<NotTls> Peers() => [.. Enum.GetValues<NotTls>()];

    private static DirectConnector Direct() => new(new HostResolver(null, TimeSpan.FromSeconds(1)));

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task Every_tls_probe_of_a_peer_that_is_not_tls_ends_unverified_with_a_summary_within_its_timeout(NotTls kind)
    {
        // given
        using var peer = new NotTlsPeer(kind);
        var names = new ProbeNames("mail.example.com", "mta-sts.example.com", "mail.example.com");
        foreach (ProbeProtocol protocol in Enum.GetValues<ProbeProtocol>())
        {
            // when
            ProbeResult? result = null;
            var outcome = await BoundedOutcome.RunAsync(ProbeTimeout * 3, async ct =>
            {
                result = await PortProber.ProbeAsync(Direct(), "127.0.0.1", peer.Port, protocol, names, ProbeTimeout, ct);
                return result.Summary;
            });
            ReliabilityFigures.Tried("not-tls", outcome);

            // then
            Assert.False(outcome.Hung, $"{kind} {protocol}: {outcome}");
            Assert.False(outcome.Crashed, $"{kind} {protocol}: {outcome}");
            Assert.False(string.IsNullOrWhiteSpace(result!.Summary), $"{kind} {protocol}: empty summary");
            Assert.Null(result.Certificate);
        }
    }

    [Theory]
    [InlineData(NotTls.PlainSmtpBanner)]
    [InlineData(NotTls.RandomBytes)]
    [InlineData(NotTls.ClosesAtOnce)]
    [InlineData(NotTls.Silent)]
    public async Task The_certificate_sweep_reports_a_problem_for_every_port_when_no_peer_speaks_tls(NotTls kind)
    {
        // given
        using var peer = new NotTlsPeer(kind);
        var config = new ConfigLoader(() => []).Load(_dir.Write("c.json", LoopbackConfig.Text())).Config!;
        var guard = new BudgetGuard(ActionLedger.InState(new StatePaths(_dir.Path), "ledger.json", TimeProvider.System), TimeSpan.FromSeconds(10));
        var sweep = new CertSweep(config, guard);

        // when
        IReadOnlyList<CertObservation>? seen = null;
        var outcome = await BoundedOutcome.RunAsync(CertSweep.Timeout * 4, async ct =>
        {
            seen = await sweep.RunAsync(new RedirectingConnector(Direct(), peer.Port), ct);
            return string.Join('\n', seen.Select(o => $"{o.Hostname}:{o.Port} {o.Problem}"));
        });
        ReliabilityFigures.Tried("not-tls", outcome);

        // then
        Assert.False(outcome.Hung, $"{kind}: {outcome}");
        Assert.False(outcome.Crashed, $"{kind}: {outcome}");
        Assert.All(seen!, o => Assert.False(string.IsNullOrWhiteSpace(o.Problem), $"{o.Hostname}:{o.Port} has no problem text"));
    }
}
