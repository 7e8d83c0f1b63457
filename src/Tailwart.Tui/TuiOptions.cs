using Tailwart.Core.Config;

namespace Tailwart.Tui;

/// <summary>What the TUI is started with: the loaded config and the global flags.</summary>
public sealed record TuiOptions(TailwartConfig Config, bool ReadOnly, bool Color);
