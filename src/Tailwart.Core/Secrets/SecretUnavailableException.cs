namespace Tailwart.Core.Secrets;

/// <summary>A secret reference could not be resolved. The message names the reference, never the value.</summary>
public sealed class SecretUnavailableException(string jsonPath, string reason) : UserFacingException($"{jsonPath}: {reason}")
{
    /// <summary>Where the reference is in the config.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>What is wrong and how to fix it, without the path.</summary>
    public string Reason { get; } = reason;
}
