namespace Tailwart.Core.Secrets;

/// <summary>
/// Where a secret lives: <c>env:NAME</c>, <c>file:/path</c>, or (discouraged) inline.
/// ToString never shows an inline value, so a reference can be printed and logged safely.
/// </summary>
public sealed record SecretReference(SecretKind Kind, string Source)
{
    public const string EnvPrefix = "env:";
    public const string FilePrefix = "file:";

    public static SecretReference Parse(string text) =>
        text.StartsWith(EnvPrefix, StringComparison.Ordinal) ? new(SecretKind.Environment, text[EnvPrefix.Length..])
        : text.StartsWith(FilePrefix, StringComparison.Ordinal) ? new(SecretKind.File, text[FilePrefix.Length..])
        : new(SecretKind.Inline, text);

    /// <summary>The reference as written, except that an inline secret is masked.</summary>
    public override string ToString() => Kind switch
    {
        SecretKind.Environment => EnvPrefix + Source,
        SecretKind.File => FilePrefix + Source,
        _ => "(inline secret)",
    };

    /// <summary>The text to put back in JSON; an inline value is masked, never echoed.</summary>
    public string ToMaskedJson() => ToString();
}
