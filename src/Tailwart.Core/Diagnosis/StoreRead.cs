namespace Tailwart.Core.Diagnosis;

/// <summary>
/// The outcome of a management-API read Stalwart must serve from its store: <c>true</c> served,
/// <c>false</c> the store failed it (an error answer, or a store error logged for it), <c>null</c>
/// the API itself did not answer (unreachable, hung), so the store is unknown.
/// </summary>
public sealed record StoreRead(bool? Served, string Evidence);
