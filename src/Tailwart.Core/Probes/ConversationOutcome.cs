using Tailwart.Core.Tls;

namespace Tailwart.Core.Probes;

/// <summary>What a protocol conversation learned: the greeting, the certificate if TLS was spoken, and a one-line summary.</summary>
public sealed record ConversationOutcome(string? Banner, ServedCertificate? Certificate, string Summary, bool ClosedBeforeGreeting = false);
