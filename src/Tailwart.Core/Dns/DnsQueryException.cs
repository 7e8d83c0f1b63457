namespace Tailwart.Core.Dns;

/// <summary>
/// A query DnsClient gave up on with an <see cref="ArgumentException"/> instead of one of its own
/// exceptions (<see cref="DnsFailure.AskAsync"/>): a fact about the name or the resolver's answer, reported like them.
/// </summary>
public sealed class DnsQueryException(string name, ArgumentException inner)
    : Exception($"DnsClient could not query {name}: {inner.Message.Split('\n')[0].Trim()}", inner);
