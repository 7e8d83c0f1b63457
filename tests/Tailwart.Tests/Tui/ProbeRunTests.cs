using System.Text.Json.Nodes;
using Tailwart.Core.Logs;
using Tailwart.Core.Probes;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Stalwart;
using Tailwart.Tui;
using Tailwart.Tui.Probes;

namespace Tailwart.Tests.Tui;

/// <summary>A Probes-tab run with no port named probes the ports of Stalwart's listeners, never an assumed list.</summary>
public sealed class ProbeRunTests
{
    private static TuiBackend Backend(List<int> probed, ProbePlan? plan) => new(new LogRingBuffer(100, 1 << 16))
    {
        Probe = (path, port, _) =>
        {
            probed.Add(port);
            return Task.FromResult(new ProbeResult(path, "127.0.0.1", port, ProbePorts.Default[port], true, TimeSpan.FromMilliseconds(3), null, null, false, "ok"));
        },
        ProbePlan = plan is null ? null : _ => Task.FromResult(plan),
    };

    [Fact]
    public async Task With_016_listeners_no_port_named_probes_neither_587_nor_143_and_says_where_the_ports_came_from()
    {
        // given 0.16's default listeners
        var listeners = StalwartListener.Parse016(((JsonArray)StalwartCorpus.Json("v016/networklistener-get.json")["list"]!).OfType<JsonObject>());
        var probed = new List<int>();

        // when
        var lines = await ProbeRun.RunAsync(Backend(probed, ProbePlan.From(new ListenerReading(listeners, null))), ["netns"], null, default);

        // then
        Assert.Equal([25, 465, 993, 443, 8080], probed);
        Assert.StartsWith("ports from Stalwart's listeners:", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains(" 587 ", StringComparison.Ordinal) || l.Contains(" 143 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_listener_read_the_run_probes_the_assumed_ports_and_marks_the_assumption()
    {
        var probed = new List<int>();

        var lines = await ProbeRun.RunAsync(Backend(probed, null), ["netns"], null, default);

        Assert.Equal(ProbePorts.Default.Keys, probed);
        Assert.StartsWith("! Stalwart's listeners could not be read (this build cannot read them)", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Named_ports_are_probed_as_named_without_reading_the_listeners()
    {
        var probed = new List<int>();
        var plan = new ProbePlan([25], [], null, "smtp 25 (smtp)");

        await ProbeRun.RunAsync(Backend(probed, plan), ["netns"], [587], default);

        Assert.Equal([587], probed);
    }
}
