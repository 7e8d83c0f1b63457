using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

[Collection(LabCollectionDefinition.Name)]
public sealed class EdgeRelayTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;

    public async Task InitializeAsync()
    {
        // the sidecar only (the stand-in stays stopped so the capture listener can take its ports)
        await _lab.StartServiceAsync(_lab.Config.SidecarService);
        await _lab.StartServiceAsync(_lab.Config.EdgeService);
        await LabEnvironment.WaitUntilAsync("the sidecar to register",
            ct => SidecarProbe.HealthzOkAsync(_lab, ct), TimeSpan.FromSeconds(20));
    }

    public Task DisposeAsync() => _lab.ResetStackAsync();

    [Fact]
    public async Task The_edge_relays_smtp_to_stalwart_with_a_proxy_v2_header_carrying_the_wan_ip()
    {
        // given / when
        var captured = await RelayThroughEdgeAsync(25, "EHLO lab.example\r\n");

        // then
        var header = EdgeCapture.ParseProxyV2(captured);
        Assert.NotNull(header);
        Assert.Equal(0x21, header.Command);   // v2, PROXY
        Assert.Equal(0x11, header.Family);    // TCP over IPv4
        Assert.Equal(_lab.Config.WanIp, header.Source.Address);
        Assert.Equal(_lab.Topology.EdgeWanIp, header.Destination.Address);
        Assert.Equal(25, header.Destination.Port);
        var length = (captured[14] << 8) | captured[15];
        Assert.Equal("EHLO lab.example\r\n", Encoding.ASCII.GetString(captured, 16 + length, captured.Length - 16 - length));
    }

    [Fact]
    public async Task The_edge_passes_tls_on_443_through_by_sni_without_terminating_it()
    {
        // given
        await EdgeCapture.ListenAsync(_lab, 443);
        var hostname = "mta-sts." + _lab.Config.MailDomain;

        // when: a TLS client says hello with SNI; nothing answers it, so the handshake times out
        byte[] captured = [];
        await LabEnvironment.WaitUntilAsync("the ClientHello to arrive at Stalwart's :443", async ct =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(_lab.Topology.EdgeWanIp, 443, ct);
            await using var tls = new SslStream(tcp.GetStream());
            using var hs = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = hostname }, hs.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
            {
            }

            captured = await EdgeCapture.ReadAsync(_lab, 443, ct);
            return Encoding.ASCII.GetString(captured).Contains(hostname, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));

        // then: a PROXY v2 header carrying the WAN IP (Stalwart's trusted proxy networks are global,
        // so :443 needs one too), then the raw ClientHello (TLS handshake record) with the SNI inside
        var header = EdgeCapture.ParseProxyV2(captured);
        Assert.NotNull(header);
        Assert.Equal(_lab.Config.WanIp, header.Source.Address);
        var length = (captured[14] << 8) | captured[15];
        Assert.Equal(0x16, captured[16 + length]);
        Assert.Contains(hostname, Encoding.ASCII.GetString(captured), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_edge_follows_the_sidecar_to_its_new_address_after_a_reregistration()
    {
        // given: the relay works
        Assert.NotNull(EdgeCapture.ParseProxyV2(await RelayThroughEdgeAsync(587, "EHLO before\r\n")));

        // when
        await _lab.FaultAsync("sidecar-reregister", on: true);

        // then: the edge re-resolves stalwart.tail-lab.ts.net and relays to the new address
        var after = await RelayThroughEdgeAsync(587, "EHLO after\r\n");
        Assert.NotNull(EdgeCapture.ParseProxyV2(after));
        Assert.EndsWith("EHLO after\r\n", Encoding.ASCII.GetString(after), StringComparison.Ordinal);
    }

    /// <summary>Connects to the edge's WAN address, sends a line, returns what reached the sidecar netns.</summary>
    private async Task<byte[]> RelayThroughEdgeAsync(int port, string line)
    {
        byte[] captured = [];
        await LabEnvironment.WaitUntilAsync($"a relayed connection to arrive at Stalwart's :{port}", async ct =>
        {
            await EdgeCapture.ListenAsync(_lab, port, ct);
            using (var tcp = new TcpClient())
            {
                await tcp.ConnectAsync(_lab.Topology.EdgeWanIp, port, ct);
                var stream = tcp.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(line), ct);
                await Task.Delay(300, ct);
            }

            captured = await EdgeCapture.ReadAsync(_lab, port, ct);
            return captured.Length >= 28 && captured.AsSpan().EndsWith(Encoding.ASCII.GetBytes(line));
        }, TimeSpan.FromSeconds(20));
        return captured;
    }
}
