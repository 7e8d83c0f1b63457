using DnsClient;
using Tailwart.Core.Postmaster;

namespace Tailwart.Tests.Postmaster;

/// <summary>An in-memory zone: names not given answer NXDOMAIN, as an authoritative server does. Counts queries.</summary>
internal sealed class FakeDns : IPostmasterDns
{
    private readonly Dictionary<(string, QueryType), DnsAnswer> _answers = [];

    public List<(string Name, QueryType Type)> Queries { get; } = [];

    public FakeDns Add(string name, QueryType type, params string[] data)
    {
        _answers[(name.ToLowerInvariant(), type)] = DnsAnswer.Of(name, data);
        return this;
    }

    public FakeDns Set(DnsAnswer answer, QueryType type)
    {
        _answers[(answer.Name.ToLowerInvariant(), type)] = answer;
        return this;
    }

    public FakeDns Fail(string name, QueryType type, DnsOutcome outcome)
    {
        _answers[(name.ToLowerInvariant(), type)] = new DnsAnswer(name, outcome, []);
        return this;
    }

    public Task<DnsAnswer> QueryAsync(string name, QueryType type, CancellationToken ct = default)
    {
        Queries.Add((name, type));
        return Task.FromResult(_answers.TryGetValue((name.ToLowerInvariant(), type), out DnsAnswer? a)
            ? a
            : _answers.Keys.Any(k => string.Equals(k.Item1, name, StringComparison.OrdinalIgnoreCase)) ? new DnsAnswer(name, DnsOutcome.NoData, []) : new DnsAnswer(name, DnsOutcome.NxDomain, []));
    }
}
