namespace Tailwart.Tui;

/// <summary>Anchors the Tui assembly for reflection and tests.</summary>
public static class AssemblyMarker;
