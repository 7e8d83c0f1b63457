namespace Tailwart.Core.Secrets;

/// <summary>How a <see cref="SecretReference"/> names its secret.</summary>
public enum SecretKind
{
    Environment,
    File,
    Inline,
}
