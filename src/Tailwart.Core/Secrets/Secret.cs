namespace Tailwart.Core.Secrets;

/// <summary>
/// A resolved secret value. ToString is masked so that string interpolation, exceptions and
/// loggers cannot leak it; only <see cref="Reveal"/> gives the value, at the point of use.
/// </summary>
public sealed class Secret
{
    private readonly string _value;

    public Secret(string value) => _value = value;

    public string Reveal() => _value;

    public override string ToString() => "********";
}
