namespace Tailwart.Core.BringUp;

/// <summary>Counts Stalwart's own sessions in <c>pg_stat_activity</c>, excluding tailwart's.</summary>
internal interface IStalwartSessionProbe
{
    /// <summary>The number of Stalwart sessions PostgreSQL sees now.</summary>
    Task<int> CountAsync(CancellationToken ct = default);
}
