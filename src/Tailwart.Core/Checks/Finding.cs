namespace Tailwart.Core.Checks;

/// <summary>
/// One thing a check found. The TUI, the text output and --json are three renderings of the
/// same list (DESIGN.md: findings, not strings).
/// </summary>
/// <param name="Id">Stable identifier, e.g. <c>lint.hardcoded-tailnet-ip</c>, for --only/--skip and scripts.</param>
/// <param name="Evidence">What was seen, e.g. <c>docker-compose.yml:14: 100.112.26.122</c>.</param>
/// <param name="Lesson">The edge lesson (1–7) this finding comes from, when it comes from one.</param>
/// <param name="Fix">What to do about it.</param>
public sealed record Finding(string Id, Severity Severity, string Title, string Evidence, int? Lesson, string Fix)
{
    /// <summary>Against the previous doctor run (<see cref="DoctorHistory.Compare"/>); null when not compared. The TUI's marker.</summary>
    public FindingChange? Change { get; init; }

    /// <summary>For a changed finding, what the previous run saw.</summary>
    public Finding? Previous { get; init; }
}
