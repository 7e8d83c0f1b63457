using Tailwart.Lab;

namespace Tailwart.IntegrationTests.Lab;

/// <summary>
/// Resets the lab's stack (<c>tests/lab/up --fresh-stack</c>) once after a test class, so the next class
/// starts from the stack <c>up</c> makes. For classes whose tests each undo what they change (faults
/// through <c>await using</c>, certificates and rows they add): one reset per class instead of one per
/// test. A reset is several compose calls, and per test they were most of the lab suite's time (run of
/// 2026-12-02: 26 min inside test bodies, 64 min wall). A class fixture starts after the collection's
/// <see cref="LabFixture"/> has brought the lab up, and is disposed before the next class runs.
/// </summary>
public sealed class StackResetAfterClass : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => LabEnvironment.Locate().ResetStackAsync();
}
