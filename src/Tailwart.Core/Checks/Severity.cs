namespace Tailwart.Core.Checks;

/// <summary>How much a finding matters; maps to exit codes 0 (Ok/Info), 1 (Warning), 2 (Failure).</summary>
public enum Severity
{
    Ok,
    Info,
    Warning,
    Failure,
}
