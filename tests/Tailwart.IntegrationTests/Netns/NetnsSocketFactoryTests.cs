using System.Net;
using System.Net.Sockets;
using Tailwart.Core.BringUp;
using Tailwart.Core.Docker;
using Tailwart.Core.Netns;
using Tailwart.IntegrationTests.BringUp;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Netns;

/// <summary>
/// The setns fast path against the lab's real sidecar: a socket the factory creates really lives in
/// the sidecar's netns (PostgreSQL on the tailnet sees the sidecar's address, not the host's), and a
/// pid that is not the sidecar's is refused rather than trusted. The lab runs as root, on dockerd's host.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class NetnsSocketFactoryTests(LabFixture fixture) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;
    private StackServices _stack = null!;
    private ContainerSnapshot _sidecar = null!;

    public async Task InitializeAsync()
    {
        (await _lab.ComposeAsync(["up", "-d", "--no-deps", "ts-stalwart"], timeout: TimeSpan.FromMinutes(1))).EnsureSuccess("compose up -d ts-stalwart");
        _stack = LabStack.Create(_lab);
        _sidecar = (await _stack.Stack.DiscoverAsync()).Find(_stack.Config.Services.Sidecar) ?? throw new InvalidOperationException("no sidecar");
    }

    public async Task DisposeAsync()
    {
        _stack?.Dispose();
        await _lab.ResetStackAsync(); // a restarted sidecar leaves a running Stalwart in a stale netns
    }

    [Fact]
    public async Task A_socket_from_the_factory_leaves_from_the_sidecars_tailnet_address()
    {
        // given
        var factory = NetnsSocketFactory.TryCreate(_sidecar.Pid, _sidecar.Id, out string? whyNot);
        Assert.True(factory is not null, whyNot);

        // when: connected to the host's PostgreSQL on the tailnet, from the socket made in the sidecar's netns
        using Socket socket = await factory.CreateAsync(AddressFamily.InterNetwork);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(_lab.Topology.TailnetGateway, _stack.Config.Postgres.Port, deadline.Token);

        // then: the connection's source is the sidecar's tailnet address, as with nc in the sidecar
        Assert.Equal(await _lab.SidecarTailnetAddressAsync(), ((IPEndPoint)socket.LocalEndPoint!).Address);
    }

    [Fact]
    public void A_pid_that_is_not_the_sidecars_is_refused_with_the_reason()
    {
        var factory = NetnsSocketFactory.TryCreate(Environment.ProcessId, _sidecar.Id, out string? whyNot);

        Assert.Null(factory);
        Assert.Contains("is not the sidecar's", whyNot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connector_reaches_stalwarts_loopback_listener_without_an_exec()
    {
        // given: the sidecar's connector as tailwart builds it (inspect pid included)
        NetnsConnector connector = await _stack.SidecarConnectorAsync();
        Assert.Null(connector.FastPathUnavailableBecause);

        // when: a literal address, so the setns socket is used; 9002 is containerboot's health port, only inside the netns
        await using Stream stream = await connector.ConnectStreamAsync("127.0.0.1", 9002);

        // then: a plain NetworkStream (no exec relay), talking to the sidecar's own health endpoint
        Assert.IsType<NetworkStream>(stream);
        await stream.WriteAsync("GET /healthz HTTP/1.0\r\n\r\n"u8.ToArray());
        byte[] buffer = new byte[64];
        int n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.StartsWith("HTTP/1.", System.Text.Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_sidecar_restart_the_connector_follows_the_new_process()
    {
        // given: a connector that already used the sidecar's netns (and keeps its pid)
        var connector = new SidecarConnector(_stack.SidecarConnectorAsync);
        await using (await connector.ConnectAsync("127.0.0.1", 9002, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
        }

        // when: the sidecar restarts (same container, new pid, new netns)
        await _lab.FaultAsync("sidecar-restart", on: true);

        // then: the same connector reaches the new sidecar's health port (the old pid is gone, so it looks the sidecar up again)
        await LabEnvironment.WaitUntilAsync("the restarted sidecar's health port through the same connector", async ct =>
        {
            try
            {
                await using Stream s = await connector.ConnectAsync("127.0.0.1", 9002, TimeSpan.FromSeconds(2), ct);
                return true;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20));
        var now = (await _stack.Stack.DiscoverAsync()).Find(_stack.Config.Services.Sidecar)!;
        Assert.NotEqual(_sidecar.Pid, now.Pid);
    }
}
