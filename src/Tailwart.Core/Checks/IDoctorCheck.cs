namespace Tailwart.Core.Checks;

/// <summary>One check the doctor runs: an id for --only/--skip, a deadline of its own, and its findings.</summary>
public interface IDoctorCheck
{
    string Id { get; }

    string Title { get; }

    TimeSpan Deadline { get; }

    Task<IReadOnlyList<Finding>> RunAsync(CancellationToken ct);
}
