using Tailwart.Core.Diagnosis;

namespace Tailwart.Tests.BringUp;

/// <summary>A store read that answers what the test says, and counts its calls.</summary>
internal sealed class FakeStoreRead(StoreRead answer) : IStoreReadProbe
{
    public int Reads { get; private set; }

    public StoreRead Answer { get; set; } = answer;

    public Task<StoreRead> ReadAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Reads++;
        return Task.FromResult(Answer);
    }
}
