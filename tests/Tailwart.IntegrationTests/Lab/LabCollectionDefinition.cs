using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>
/// Every test that uses the lab joins this collection: the lab comes up once per run and its
/// tests run one at a time (they share one stack, one PostgreSQL and global faults).
/// </summary>
[CollectionDefinition(Name)]
public sealed class LabCollectionDefinition : ICollectionFixture<LabFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "lab";
}
