using System.Text.Json.Nodes;
using Tailwart.Core.Stalwart;

namespace Tailwart.Tests.Stalwart;

public sealed class StalwartListenerTests
{
    [Fact]
    public void The_016_default_listeners_have_no_587_and_no_143()
    {
        var list = ((JsonArray)StalwartCorpus.Json("v016/networklistener-get.json")["list"]!).OfType<JsonObject>();

        var listeners = StalwartListener.Parse016(list);

        Assert.Equal([25, 465, 993, 995, 4190, 443, 8080], listeners.SelectMany(l => l.Ports));
        Assert.Equal(("submissions", "smtp", true), (listeners[1].Id, listeners[1].Protocol, listeners[1].TlsImplicit));
        Assert.Equal("managesieve", listeners[4].Protocol);
    }

    [Fact]
    public void The_015_quick_start_listeners_are_read_from_flat_keys_lists_included()
    {
        var items = (JsonObject)StalwartCorpus.Json("v015/settings-listener.json")["data"]!["items"]!;

        var listeners = StalwartListener.Parse015(items.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!.GetValue<string>())));

        Assert.Equal(10, listeners.Count);
        var smtp = listeners.Single(l => l.Id == "smtp");
        Assert.Equal([25, 2525], smtp.Ports);
        Assert.True(listeners.Single(l => l.Id == "imaptls").TlsImplicit);
        Assert.False(listeners.Single(l => l.Id == "imap").TlsImplicit);
        Assert.Contains(listeners, l => l.Ports.Contains(587));
    }

    [Theory]
    [InlineData("[::]:25", 25)]
    [InlineData("0.0.0.0:465", 465)]
    [InlineData("127.0.0.1:8080", 8080)]
    [InlineData("no-port", null)]
    [InlineData("[::]:99999", null)]
    public void A_bind_address_gives_its_port(string bind, int? port)
    {
        Assert.Equal(port, StalwartListener.PortOf(bind));
    }
}
