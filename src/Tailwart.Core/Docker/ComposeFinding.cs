namespace Tailwart.Core.Docker;

/// <summary>
/// One compose lint finding: a warning, never an error (the stack may still work; tailwart's gate
/// covers it). Shaped like DESIGN.md's Finding so the Checks layer can adopt it as is.
/// </summary>
public sealed record ComposeFinding(string Id, string Title, string Evidence, string Lesson, string Fix);
