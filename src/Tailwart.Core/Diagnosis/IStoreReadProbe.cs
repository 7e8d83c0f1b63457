namespace Tailwart.Core.Diagnosis;

/// <summary>An authenticated read Stalwart serves from its store: what tells a broken store from an idle pool.</summary>
public interface IStoreReadProbe
{
    Task<StoreRead> ReadAsync(CancellationToken ct = default);
}
