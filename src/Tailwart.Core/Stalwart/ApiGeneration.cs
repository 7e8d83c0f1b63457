namespace Tailwart.Core.Stalwart;

/// <summary>Which management API a Stalwart speaks (stalwart.md legend): 0.11–0.15 REST or 0.16+ JMAP.</summary>
public enum ApiGeneration
{
    /// <summary>0.11–0.15: flat settings under <c>/api/settings</c>, reloads under <c>/api/reload</c>.</summary>
    Rest015,

    /// <summary>0.16+: <c>x:</c> registry objects over <c>POST /jmap</c>.</summary>
    Jmap016,
}
