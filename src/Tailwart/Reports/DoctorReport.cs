namespace Tailwart.Cli.Verbs;

/// <summary>`tailwart doctor --json`; its shape is pinned by the shipped doctor.schema.json.</summary>
public sealed record DoctorReport(int ExitCode, double ElapsedMs, int Failures, int Warnings, IReadOnlyList<DoctorCheckLine> Checks);
