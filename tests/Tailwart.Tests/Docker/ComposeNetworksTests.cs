using Tailwart.Core;
using Tailwart.Core.Docker;

namespace Tailwart.Tests.Docker;

public sealed class ComposeNetworksTests
{
    /// <summary>What docker-compose 1.29 `config` printed here for a service on two networks, one sharing a stack, one on the default.</summary>
    private const string Config = """
        networks:
          a: {}
          b:
            ipam:
              config:
              - subnet: 10.251.0.0/24
          ext:
            external: true
            name: somenet
          named:
            name: fixed-name
        services:
          four:
            image: busybox
          three:
            image: busybox
            network_mode: service:two
          two:
            image: busybox
            networks:
              a:
                aliases:
                - extra
              b:
                ipv4_address: 10.251.0.10
          five:
            image: busybox
            networks:
            - ext
            - named
        version: '3.8'
        """;

    [Fact]
    public void A_service_on_two_networks_gets_both_with_its_aliases_and_fixed_address()
    {
        var networks = ComposeNetworks.Of(Config, "proj", "two");

        Assert.Equal(2, networks.Count);
        Assert.Equal("proj_a", networks[0].Name);
        Assert.Equal(["two", "extra"], networks[0].Aliases);
        Assert.Null(networks[0].Ipv4Address);
        Assert.Equal("proj_b", networks[1].Name);
        Assert.Equal("10.251.0.10", networks[1].Ipv4Address);
        Assert.Equal(["two"], networks[1].Aliases);
    }

    [Fact]
    public void No_networks_means_the_project_default_and_network_mode_means_none()
    {
        Assert.Equal(["proj_default"], ComposeNetworks.Of(Config, "proj", "four").Select(n => n.Name));
        Assert.Empty(ComposeNetworks.Of(Config, "proj", "three"));
        Assert.Empty(ComposeNetworks.Of(Config, "proj", "not-there"));
    }

    [Fact]
    public void External_and_named_networks_keep_their_own_names()
    {
        Assert.Equal(["somenet", "fixed-name"], ComposeNetworks.Of(Config, "proj", "five").Select(n => n.Name));
    }

    [Fact]
    public void Output_that_is_not_yaml_is_a_clear_error()
    {
        var e = Assert.Throws<UserFacingException>(() => ComposeNetworks.Of("services: [unclosed", "proj", "two"));
        Assert.Contains("compose config printed something that is not YAML", e.Message, StringComparison.Ordinal);
    }
}
