using Tailwart.Core.Netns;

namespace Tailwart.Tests.Netns;

public sealed class NetnsSocketFactoryTests
{
    private const string SomeContainer = "f4697917ad89ac4d1608d955210b01fa2b407c3d4e19a2534e099808e4d0df5f";

    [Fact]
    public void Without_a_pid_there_is_no_fast_path_and_the_reason_says_so()
    {
        var factory = NetnsSocketFactory.TryCreate(0, SomeContainer, out string? whyNot);

        Assert.Null(factory);
        Assert.False(string.IsNullOrEmpty(whyNot));
    }

    [Fact]
    public void A_pid_outside_the_container_is_never_trusted()
    {
        // given: this test process, which is certainly not in that container's cgroup
        var factory = NetnsSocketFactory.TryCreate(Environment.ProcessId, SomeContainer, out string? whyNot);

        Assert.Null(factory);
        Assert.False(string.IsNullOrEmpty(whyNot));
    }

    [Fact]
    public void A_connector_without_a_pid_falls_back_to_the_exec()
    {
        var connector = new NetnsConnector(null!, SomeContainer);

        Assert.NotNull(connector.FastPathUnavailableBecause);
    }
}
