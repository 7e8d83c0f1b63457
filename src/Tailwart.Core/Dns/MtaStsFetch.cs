namespace Tailwart.Core.Dns;

/// <summary>The outcome of fetching the MTA-STS policy: the parsed policy, or why there is none (unreachable, not 200, untrusted TLS…).</summary>
/// <param name="Url">What was fetched.</param>
/// <param name="Policy">The parsed policy (it may still carry problems); null when nothing usable came back.</param>
/// <param name="Problem">Why no policy was read; null when one was.</param>
/// <param name="ContentType">The Content-Type served, when there was an answer.</param>
public sealed record MtaStsFetch(string Url, MtaStsPolicy? Policy, string? Problem, string? ContentType = null);
