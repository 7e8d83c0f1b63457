namespace Tailwart.Core.Secrets;

/// <summary>
/// A resolved secret value. ToString is masked so that string interpolation, exceptions and
/// loggers cannot leak it; only <see cref="Reveal"/> gives the value, at the point of use.
/// A secret can also be resolved lazily, on first use, so that composing services for a verb
/// that never needs it (a probe, a log view) does not demand it.
/// </summary>
public sealed class Secret
{
    private readonly Lazy<string> _value;

    public Secret(string value) => _value = new Lazy<string>(value);

    public Secret(Func<string> resolve) => _value = new Lazy<string>(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Reveal() => _value.Value;

    public override string ToString() => "********";
}
