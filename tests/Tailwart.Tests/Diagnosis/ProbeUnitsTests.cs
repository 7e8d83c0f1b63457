using Microsoft.Extensions.Time.Testing;
using Tailwart.Core.Diagnosis;
using Tailwart.Core.Docker;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.BringUp;

namespace Tailwart.Tests.Diagnosis;

public sealed class ProbeUnitsTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("tw-proc-").FullName;

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    private const string NetDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:    1234      12    0    0    0     0          0         0     1234      12    0    0    0     0       0          0
          eth0: 9876543    6543    0    0    0     0          0         0   123456    1234    0    0    0     0       0          0
        """;

    [Fact]
    public async Task Interfaces_are_read_from_the_containers_own_proc_net_dev()
    {
        Directory.CreateDirectory(Path.Combine(_proc, "4242", "net"));
        await File.WriteAllTextAsync(Path.Combine(_proc, "4242", "net", "dev"), NetDev);
        var c = FakeStack.Snap("stalwart", "running") with { Pid = 4242 };

        Assert.Equal(["lo", "eth0"], await new ProcNetDevInterfaces(_proc).InterfacesAsync(c));
        Assert.Null(await new ProcNetDevInterfaces(_proc).InterfacesAsync(c with { Pid = 999 }));
        Assert.Null(await new ProcNetDevInterfaces(_proc).InterfacesAsync(c with { Pid = 0 }));
    }

    [Fact]
    public async Task A_store_read_is_served_failed_or_unknown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stack = new FakeStack(time);
        stack.Put(FakeStack.Snap("stalwart", "running"));

        var served = await new StalwartStoreRead(_ => Task.FromResult("block list: 0 entries via admin-url"), stack, "stalwart", time).ReadAsync();
        Assert.True(served.Served);

        stack.Logs.Add("2026-12-01T12:00:00Z ERROR PostgreSQL error (store.postgresql-error) reason = \"connection refused\"");
        var failed = await new StalwartStoreRead(_ => Task.FromResult("block list: 0 entries via admin-url"), stack, "stalwart", time).ReadAsync();
        Assert.False(failed.Served);
        Assert.Contains("store.postgresql-error", failed.Evidence, StringComparison.Ordinal);

        var hung = await new StalwartStoreRead(_ => throw new StalwartApiException(StalwartFailure.Timeout, "admin-url", "no answer in 5 s"), stack, "stalwart", time).ReadAsync();
        Assert.Null(hung.Served);
        Assert.Contains("Timeout on admin-url", hung.Evidence, StringComparison.Ordinal);

        var error = await new StalwartStoreRead(_ => throw new StalwartApiException(StalwartFailure.ApiError, "admin-url", "serverFail: store"), stack, "stalwart", time).ReadAsync();
        Assert.False(error.Served);
    }

    [Fact]
    public async Task A_store_read_that_hangs_while_stalwart_answers_live_is_a_broken_store_and_with_a_hung_api_it_stays_unknown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stack = new FakeStack(time);
        stack.Put(FakeStack.Snap("stalwart", "running"));
        static Task<string> Hangs(CancellationToken _) => throw new StalwartApiException(StalwartFailure.Timeout, "admin-url", "no answer in 8 s");

        // when: the read hangs; Stalwart answers /healthz/live (served without the store), or does not
        var storeHangs = await new StalwartStoreRead(Hangs, stack, "stalwart", time, _ => Task.FromResult(true)).ReadAsync();
        var apiHangs = await new StalwartStoreRead(Hangs, stack, "stalwart", time, _ => Task.FromResult(false)).ReadAsync();
        var liveNotYet = await new StalwartStoreRead(Hangs, stack, "stalwart", time, _ => new TaskCompletionSource<bool>().Task).ReadAsync();

        // then
        Assert.False(storeHangs.Served);
        Assert.Contains("while Stalwart answered /healthz/live", storeHangs.Evidence, StringComparison.Ordinal);
        Assert.Null(apiHangs.Served);
        Assert.Null(liveNotYet.Served);
    }

    [Theory]
    [InlineData("100.100.0.10", true)]
    [InlineData("100.127.255.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("172.18.0.2", false)]
    public void Tailnet_addresses_are_those_in_the_cidr(string address, bool tailnet)
    {
        Assert.Equal(tailnet, SidecarTailnetProbe.InCidr(System.Net.IPAddress.Parse(address), "100.64.0.0/10"));
    }
}
