namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart doctor --json`; its shape is pinned by the shipped doctor.schema.json.</summary>
public sealed record DoctorReport(int ExitCode, double ElapsedMs, int Failures, int Warnings, IReadOnlyList<DoctorCheckLine> Checks)
{
    /// <summary>With --changes: when the run compared with was made (UTC); null when there was none.</summary>
    public string? Since { get; init; }

    /// <summary>With --changes: the previous run's findings that are no longer found.</summary>
    public IReadOnlyList<FindingLine>? Gone { get; init; }
}
