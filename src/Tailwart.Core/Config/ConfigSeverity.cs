namespace Tailwart.Core.Config;

/// <summary>Whether a config problem stops tailwart (error) or only deserves a look (warning).</summary>
public enum ConfigSeverity
{
    Warning,
    Error,
}
