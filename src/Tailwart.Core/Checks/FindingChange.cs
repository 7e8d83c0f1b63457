namespace Tailwart.Core.Checks;

/// <summary>How a finding compares with the previous doctor run (Mail-in-a-Box's --show-changes).</summary>
public enum FindingChange
{
    Unchanged,
    New,
    Changed,
    Gone,
}
