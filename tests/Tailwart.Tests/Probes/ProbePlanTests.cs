using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tailwart.Core;
using Tailwart.Core.Probes;
using Tailwart.Core.Stalwart;
using Tailwart.Tests.Stalwart;

namespace Tailwart.Tests.Probes;

public sealed class ProbePlanTests
{
    private static IReadOnlyList<StalwartListener> Defaults016() =>
        StalwartListener.Parse016(((JsonArray)StalwartCorpus.Json("v016/networklistener-get.json")["list"]!).OfType<JsonObject>());

    [Fact]
    public void On_016_defaults_the_run_probes_no_587_and_no_143_and_names_995_and_4190_as_not_probed()
    {
        // given 0.16's default listeners, read through the API
        var reading = new ListenerReading(Defaults016(), null);

        // when
        ProbePlan plan = ProbePlan.From(reading);

        // then
        Assert.Equal([25, 465, 993, 443, 8080], plan.Ports);
        Assert.Equal([995, 4190], plan.NotProbed);
        Assert.Null(plan.Assumed);
        Assert.Contains("pop3s 995 (pop3, TLS)", plan.Note, StringComparison.Ordinal);
        Assert.Contains("not probed (tailwart has no probe for them): 995, 4190", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_listeners_fall_back_to_every_assumed_port_and_say_why()
    {
        // given
        var reading = new ListenerReading(null, "HTTP 401 from Stalwart");

        // when
        ProbePlan plan = ProbePlan.From(reading);

        // then
        Assert.Equal(ProbePorts.Default.Keys, plan.Ports);
        Assert.NotNull(plan.Assumed);
        Assert.Contains("HTTP 401 from Stalwart", plan.Assumed, StringComparison.Ordinal);
        Assert.Contains("25, 465, 587, 143, 993, 443, 8080", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_listener_list_counts_as_unreadable()
    {
        // when
        var reading = await ListenerReading.ReadAsync(_ => Task.FromResult<IReadOnlyList<StalwartListener>>([]), TimeProvider.System, default);

        // then
        Assert.Null(reading.Ports);
        Assert.Equal("Stalwart's configuration lists no listener through the API", reading.Unreadable);
    }

    [Fact]
    public async Task A_refused_read_gives_its_message_and_a_hung_read_gives_up_at_the_bound()
    {
        // given
        var time = new FakeTimeProvider();

        // when
        var refused = await ListenerReading.ReadAsync(_ => throw new UserFacingException("stalwart.adminPassword is not set"), time, default);
        var hungTask = ListenerReading.ReadAsync(ct => Task.Delay(Timeout.Infinite, ct).ContinueWith<IReadOnlyList<StalwartListener>>(_ => [], ct), time, default);
        time.Advance(ListenerReading.ReadTimeout + TimeSpan.FromSeconds(1));
        var hung = await hungTask.WaitAsync(TimeSpan.FromSeconds(10));

        // then
        Assert.Equal("stalwart.adminPassword is not set", refused.Unreadable);
        Assert.Equal("the API did not answer within 5 s", hung.Unreadable);
    }
}
