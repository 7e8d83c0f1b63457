using Tailwart.Core.Config;

namespace Tailwart.Tui;

/// <summary>What the TUI is started with: the loaded config, its masked JSON, and the global flags.</summary>
public sealed record TuiOptions(TailwartConfig Config, string MaskedConfigJson, bool ReadOnly, bool Color);
