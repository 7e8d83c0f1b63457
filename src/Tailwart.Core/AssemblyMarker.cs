namespace Tailwart.Core;

/// <summary>Anchors the Core assembly for reflection and tests.</summary>
public static class AssemblyMarker;
