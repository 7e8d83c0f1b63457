using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

/// <summary>pg_stat_activity as a number the test sets.</summary>
internal sealed class FakeSessions : IStalwartSessionProbe
{
    public int Count { get; set; } = 4;

    public Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(Count);
}
