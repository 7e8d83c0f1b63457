using Tailwart.Core;
using Tailwart.Core.Docker;

namespace Tailwart.Tests.Docker;

public sealed class DockerClientFactoryTests
{
    [Fact]
    public void A_missing_docker_socket_is_named_with_the_fix()
    {
        var e = Assert.Throws<UserFacingException>(() => DockerClientFactory.Create("/nonexistent/docker.sock"));

        Assert.Contains("/nonexistent/docker.sock does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("systemctl start docker", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_reported_not_thrown_as_a_stack_trace()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tw-{Guid.NewGuid():N}.sock");
        await File.WriteAllTextAsync(path, "");
        try
        {
            using var client = DockerClientFactory.Create(path);
            var e = await Assert.ThrowsAsync<UserFacingException>(() => DockerClientFactory.PingAsync(client, TimeSpan.FromSeconds(2), path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
