using Tailwart.Core.BringUp;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>
/// A sidecar restarted or recreated under a running Stalwart leaves it without a network
/// (external.md §5); `tailwart up` must notice and, after the gate, restart or recreate Stalwart.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class StaleNetnsTests(LabFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;

    public async Task InitializeAsync()
    {
        await _lab.ResetStackAsync();
        using var services = LabStack.Create(_lab);
        var first = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(new EventLog(output));
        Assert.True(first.Outcome == BringUpOutcome.Verified, first.Message);
    }

    public Task DisposeAsync() => _lab.ResetStackAsync();

    [Theory]
    [InlineData("sidecar-restart", "restarting")]
    [InlineData("sidecar-recreate", "recreating")]
    public async Task A_rerun_after_the_sidecar_changed_under_stalwart_repairs_it(string fault, string action)
    {
        // given: the verified stack, then the sidecar restarted (same id) or recreated (new id)
        await _lab.FaultAsync(fault, on: true);
        using var services = LabStack.Create(_lab);
        var log = new EventLog(output);

        // when
        var result = await services.BringUp(LabStack.Options(TimeSpan.FromSeconds(60))).RunAsync(log);

        // then: detected as a stale netns, Stalwart restarted/recreated after the gate, and verified again
        Assert.True(result.Outcome == BringUpOutcome.Verified, result.Message);
        var stale = log.Events.Single(e => e.Step == BringUpStep.StalwartStarted && e.Evidence.StartsWith("stale netns", StringComparison.Ordinal));
        Assert.Contains(action, stale.Evidence, StringComparison.Ordinal);
        Assert.True(stale.At >= log.Events.Single(e => e.Step == BringUpStep.RouteVerified && e.Status == StepStatus.Succeeded).At);
    }
}
