using Tailwart.Core.Config;
using Tailwart.Core.Docker;

namespace Tailwart.Tests.Docker;

public sealed class ComposeCliTests
{
    [Fact]
    public void Arguments_name_the_project_and_every_file_for_either_flavour()
    {
        var cli = new ComposeCli(new ComposeSettings { ProjectDirectory = "/opt/mail", ProjectName = "mail", Files = ["docker-compose.yml", "/etc/extra.yml"] }, "/opt/mail");

        Assert.Equal(["compose", "-p", "mail", "-f", "/opt/mail/docker-compose.yml", "-f", "/etc/extra.yml", "up", "--no-start"],
            cli.Arguments(ComposeFlavour.V2Plugin, "up", "--no-start"));
        Assert.Equal(["-p", "mail", "-f", "/opt/mail/docker-compose.yml", "-f", "/etc/extra.yml", "create"],
            cli.Arguments(ComposeFlavour.V1Binary, "create"));
    }

    [Fact]
    public void Without_a_project_name_compose_default_of_the_directory_name_is_used()
    {
        var cli = new ComposeCli(new ComposeSettings { ProjectDirectory = "/opt/Mail/", Files = ["docker-compose.yml"] }, "/opt/Mail/");

        Assert.Equal("mail", cli.ProjectName);
    }

    [Fact]
    public async Task A_missing_compose_file_is_named_with_the_fix()
    {
        var cli = new ComposeCli(new ComposeSettings { ProjectDirectory = "/nonexistent", Files = ["docker-compose.yml"], Command = "v1" }, "/nonexistent");

        var e = await Assert.ThrowsAsync<Tailwart.Core.UserFacingException>(() => cli.CreateAsync(["stalwart"]));
        Assert.Contains("/nonexistent/docker-compose.yml does not exist", e.Message, StringComparison.Ordinal);
    }
}
