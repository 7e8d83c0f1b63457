namespace Tailwart.Core.Stalwart;

/// <summary>
/// A management call failed. The message is written for the admin: what was called over which
/// path, what came back, and what to do; it names the credential reference, never its value.
/// </summary>
public sealed class StalwartApiException(StalwartFailure failure, string path, string message, Exception? inner = null)
    : UserFacingException(message, inner)
{
    public StalwartFailure Failure { get; } = failure;

    /// <summary>The access path the call went over (<see cref="StalwartAccessPath.Name"/>).</summary>
    public string Path { get; } = path;

    /// <summary>True when another access path might succeed: the failure was in reaching the server, not in its answer.</summary>
    public bool IsTransport => Failure is StalwartFailure.Unreachable or StalwartFailure.AcceptedThenClosed or StalwartFailure.Timeout
        // 0.16 answers every HTTP request from a blocked IP with 403 (stalwart.md §2), so a 403 on one path may be a ban there.
        or StalwartFailure.Forbidden;
}
