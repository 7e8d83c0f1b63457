using Tailwart.Core.Secrets;

namespace Tailwart.Core.KeyTest;

/// <summary>The Spaceship API key and secret for one key test: resolved from tailwart.json's references, or typed into the TUI's masked fields.</summary>
public sealed record KeyTestCredentials(Secret Key, Secret Secret);
