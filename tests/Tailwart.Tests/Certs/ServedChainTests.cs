using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Tailwart.Core.Certs;
using Tailwart.Core.Checks;
using Tailwart.Core.Probes;
using Tailwart.Core.Tls;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Certs;

/// <summary>
/// What a real TLS handshake on loopback shows of a served chain: a public-CA-style leaf sent without
/// its intermediate is named as such (and the intermediate is never fetched from the leaf's AIA URL),
/// the full chain is judged trusted against its root, and a private CA's leaf stays "untrusted".
/// </summary>
public sealed class ServedChainTests : IAsyncLifetime
{
    private readonly X509Certificate2 _root = TestPki.Ca("Test Root X1");
    private X509Certificate2 _intermediate = null!;
    private readonly TcpListener _aia = new(IPAddress.Loopback, 0);
    private int _aiaHits;

    public Task InitializeAsync()
    {
        _intermediate = TestPki.Ca("Test Intermediate R1", _root);
        _aia.Start();
        _ = CountAiaFetchesAsync();
        return Task.CompletedTask;
    }

    private string AiaUrl => $"http://127.0.0.1:{((IPEndPoint)_aia.LocalEndpoint).Port}/r1.der";

    [Fact]
    public async Task A_leaf_sent_without_its_intermediate_is_named_and_the_intermediate_is_not_fetched()
    {
        using var leaf = TestPki.Leaf(_intermediate, ["mail.example.com"], AiaUrl);

        ServedCertificate served = await HandshakeAsync(leaf, sendIntermediate: false);

        Assert.Single(served.Presented);
        Assert.Contains("PartialChain", served.ChainProblem, StringComparison.Ordinal);
        Assert.Equal(AiaUrl, served.IssuerUrl);
        Assert.True(served.MissingIntermediate);
        // Even with the root as an anchor the chain cannot be built from what was sent.
        Assert.True(ChainTrust.Rejudge(served, [_root]).MissingIntermediate);
        Assert.Equal(0, Volatile.Read(ref _aiaHits));
        Finding f = Assert.Single(CertJudge.Judge([new CertObservation("netns", "mail.example.com", 465, ProbeProtocol.Smtp, served, null)], DateTimeOffset.UtcNow));
        Assert.Equal("certs.incomplete-chain", f.Id);
        Assert.Contains(AiaUrl, f.Evidence, StringComparison.Ordinal);
        Assert.Contains("fullchain.pem", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_full_chain_is_presented_and_trusted_against_its_root()
    {
        using var leaf = TestPki.Leaf(_intermediate, ["mail.example.com"], AiaUrl);

        ServedCertificate served = await HandshakeAsync(leaf, sendIntermediate: true);

        Assert.Equal(2, served.Presented.Count);
        Assert.Equal(_intermediate.RawData, served.Presented[1]);
        Assert.False(served.MissingIntermediate);
        ServedCertificate judged = ChainTrust.Rejudge(served, [_root]);
        Assert.Null(judged.ChainProblem);
        Assert.Equal(3, judged.Chain.Count);
        Assert.Empty(CertJudge.Judge([new CertObservation("netns", "mail.example.com", 465, ProbeProtocol.Smtp, judged, null)], DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_private_ca_leaf_without_an_issuer_url_stays_a_plain_untrusted_chain()
    {
        using var leaf = TestPki.Leaf(_root, ["mail.example.com"]);

        ServedCertificate served = await HandshakeAsync(leaf, sendIntermediate: false);

        Assert.Null(served.IssuerUrl);
        Assert.False(served.MissingIntermediate);
        Finding f = Assert.Single(CertJudge.Judge([new CertObservation("netns", "mail.example.com", 465, ProbeProtocol.Smtp, served, null)], DateTimeOffset.UtcNow));
        Assert.Equal("certs.untrusted-chain", f.Id);
    }

    /// <summary>One TLS server connection on loopback serving <paramref name="leaf"/>, and tailwart's client handshake against it.</summary>
    private async Task<ServedCertificate> HandshakeAsync(X509Certificate2 leaf, bool sendIntermediate)
    {
        var context = SslStreamCertificateContext.Create(leaf, sendIntermediate ? [_intermediate] : [], offline: true);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Task server = Task.Run(async () =>
        {
            using Socket s = await listener.AcceptSocketAsync(timeout.Token);
            await using var ssl = new SslStream(new NetworkStream(s, ownsSocket: false));
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, timeout.Token);
        }, timeout.Token);
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint, timeout.Token);
        var (stream, certificate) = await TlsHandshake.RunAsync(client.GetStream(), "mail.example.com", TimeSpan.FromSeconds(5), timeout.Token);
        await stream.DisposeAsync();
        await server;
        return certificate;
    }

    private async Task CountAiaFetchesAsync()
    {
        try
        {
            while (true)
            {
                using Socket s = await _aia.AcceptSocketAsync();
                Interlocked.Increment(ref _aiaHits);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped at dispose.
        }
    }

    public Task DisposeAsync()
    {
        _aia.Stop();
        _aia.Dispose();
        _intermediate.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }
}
