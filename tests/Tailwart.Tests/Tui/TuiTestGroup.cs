namespace Tailwart.Tests.Tui;

/// <summary>Terminal.Gui's configuration (themes) is process-wide: TUI tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TuiTestGroup
{
    public const string Name = "tui";
}
