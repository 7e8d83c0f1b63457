using Xunit;

namespace Tailwart.Lab;

/// <summary>
/// Shared xunit fixture: brings the lab up once per test run (stack created, stopped) and tears
/// it down at the end, unless the lab was already up before the run or
/// <c>TAILWART_LAB_KEEP=1</c>. Use it as an <c>ICollectionFixture</c> of one collection, so
/// lab tests (which share one stack and global faults) never run in parallel.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    private bool _wasUp;

    /// <summary>The lab.</summary>
    public LabEnvironment Lab { get; } = LabEnvironment.Locate();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _wasUp = Lab.IsUp;
        await Lab.UpAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (!_wasUp && Environment.GetEnvironmentVariable("TAILWART_LAB_KEEP") != "1")
        {
            await Lab.DownAsync();
        }
    }
}
