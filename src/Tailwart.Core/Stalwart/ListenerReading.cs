namespace Tailwart.Core.Stalwart;

/// <summary>
/// Stalwart's listeners as tailwart could read them: the list, or why it could not (then every consumer
/// falls back to its assumed ports and says so). Probes, the certificate sweep and the panes share this
/// one read, so none of them reports a failure for a listener Stalwart does not have: 0.16's defaults
/// have no 587 and no 143 (v0.16.18 crates/common/src/manager/defaults.rs 459–490).
/// </summary>
public sealed record ListenerReading(IReadOnlyList<StalwartListener>? Listeners, string? Unreadable)
{
    /// <summary>Bound on its own: a hung API must not eat the deadline of the sweep or probe run that asked.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The ports Stalwart listens on; null when the list could not be read.</summary>
    public IReadOnlySet<int>? Ports => Listeners?.SelectMany(l => l.Ports).ToHashSet();

    /// <summary>"smtp 25 (smtp), submissions 465 (smtp, TLS), …" for evidence lines.</summary>
    public string Describe() => Listeners is null ? "" :
        string.Join(", ", Listeners.Select(l => $"{l.Id} {string.Join("/", l.Ports)} ({l.Protocol}{(l.TlsImplicit ? ", TLS" : "")})"));

    /// <summary>
    /// Reads the listeners through <paramref name="read"/> within <see cref="ReadTimeout"/>. An empty list
    /// counts as unreadable: Stalwart always has listeners, so an empty answer says the read saw nothing.
    /// </summary>
    public static async Task<ListenerReading> ReadAsync(Func<CancellationToken, Task<IReadOnlyList<StalwartListener>>> read, TimeProvider time, CancellationToken ct)
    {
        try
        {
            IReadOnlyList<StalwartListener> list = await read(ct).WaitAsync(ReadTimeout, time, ct).ConfigureAwait(false);
            return list.Count > 0 ? new(list, null) : new(null, "Stalwart's configuration lists no listener through the API");
        }
        catch (Exception e) when (e is StalwartApiException or UserFacingException)
        {
            return new(null, e.Message);
        }
        catch (TimeoutException)
        {
            return new(null, $"the API did not answer within {ReadTimeout.TotalSeconds:0} s");
        }
    }
}
