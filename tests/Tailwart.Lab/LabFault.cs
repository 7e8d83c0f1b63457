namespace Tailwart.Lab;

/// <summary>An injected fault; disposing it turns the fault off (also when the test failed).</summary>
public sealed class LabFault : IAsyncDisposable
{
    private readonly LabEnvironment _lab;
    private bool _off;

    internal LabFault(LabEnvironment lab, string name)
    {
        _lab = lab;
        Name = name;
    }

    /// <summary>The fault's name as <c>tests/lab/fault list</c> shows it.</summary>
    public string Name { get; }

    /// <summary>Turns the fault off now (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_off)
        {
            return;
        }

        _off = true;
        await _lab.FaultAsync(Name, on: false);
    }
}
