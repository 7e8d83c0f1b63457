using Tailwart.Core.BringUp;
using Tailwart.IntegrationTests.Lab;
using Tailwart.Lab;
using Xunit.Abstractions;

namespace Tailwart.IntegrationTests.BringUp;

/// <summary>
/// Lesson 1 side by side: the same Postgres outage at boot, with the same naive sidecar healthcheck,
/// brought up once by plain compose and once by tailwart. Compose loses writes; tailwart loses none,
/// because Stalwart is not running (writes are refused, not swallowed) until a real login works.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class SideBySideTests(LabFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LabEnvironment _lab = fixture.Lab;

    public async Task InitializeAsync()
    {
        await _lab.ResetStackAsync();
        await _lab.FaultAsync("db-exit", on: false); // degrade (keep answering) instead of exiting
        Assert.False(_lab.Topology.StandinIsPlaceholder, "needs the Stalwart stand-in (it counts lost writes)");
    }

    public Task DisposeAsync() => _lab.ResetStackAsync();

    [Fact]
    public async Task Under_the_same_outage_compose_loses_writes_and_tailwart_loses_none()
    {
        // compose: Postgres blackholed at boot, naive healthcheck, writes while the store is away
        long composeLost;
        await using (await _lab.InjectAsync("pg-blackhole"))
        {
            StandinWrites.ResetLostWrites(_lab);
            (await _lab.ComposeAsync(["up", "-d"], ["naive.override.yml"], TimeSpan.FromMinutes(2))).EnsureSuccess("compose up (naive)");
            for (int i = 0; i < 3; i++)
                await StandinWrites.WriteASettingAsync(_lab, TimeSpan.FromSeconds(20));
            await LabEnvironment.WaitUntilAsync("the stand-in to count the lost writes", _ => Task.FromResult(StandinWrites.LostWrites(_lab) >= 3), TimeSpan.FromSeconds(10));
            composeLost = StandinWrites.LostWrites(_lab);
        }
        await _lab.ResetStackAsync();
        await LabStack.PrepareNaiveStackAsync(_lab);

        // tailwart: the same outage and healthcheck; the same writes are attempted while it holds the gate
        StandinWrites.ResetLostWrites(_lab);
        using var services = LabStack.Create(_lab);
        var blackhole = await _lab.InjectAsync("pg-blackhole");
        BringUpResult result;
        int refused = 0;
        try
        {
            var bringUp = services.BringUp(LabStack.Options(TimeSpan.FromSeconds(90))).RunAsync(new EventLog(output));
            for (int i = 0; i < 3; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                if (!await StandinWrites.TryWriteASettingAsync(_lab))
                    refused++;
            }
            await blackhole.DisposeAsync();
            result = await bringUp;
        }
        finally
        {
            await blackhole.DisposeAsync(); // also when a write or the bring-up threw: never leave the fault on
        }
        Assert.True(result.Outcome == BringUpOutcome.Verified, result.Message);
        await StandinWrites.WriteASettingAsync(_lab, TimeSpan.FromSeconds(20));
        long tailwartLost = StandinWrites.LostWrites(_lab);

        output.WriteLine($"lost writes under the same outage: compose {composeLost}, tailwart {tailwartLost} (tailwart: {refused}/3 writes refused while the gate held)");
        Assert.True(composeLost >= 3, $"compose should have lost the writes made into the gap, lost {composeLost}");
        Assert.Equal(0, tailwartLost);
        Assert.Equal(3, refused);
    }
}
