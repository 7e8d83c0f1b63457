namespace Tailwart.Core.Checks;

/// <summary>A check made of a function: most checks are one call into a Core service.</summary>
public sealed record DoctorCheck(string Id, string Title, TimeSpan Deadline, Func<CancellationToken, Task<IReadOnlyList<Finding>>> Run) : IDoctorCheck
{
    public Task<IReadOnlyList<Finding>> RunAsync(CancellationToken ct) => Run(ct);
}
