using Tailwart.Core.BringUp;

namespace Tailwart.Tests.BringUp;

/// <summary>A route that answers from a script: each check takes the next entry; the last one repeats.</summary>
internal sealed class FakeRoute(params RouteCheck[] script) : IRouteVerifier
{
    private int _next;

    public int Checks { get; private set; }

    public Action? OnCheck { get; set; }

    /// <summary>Overrides the script: the check for attempt n (1-based).</summary>
    public Func<int, RouteCheck>? ByAttempt { get; set; }

    public static RouteCheck Verified => new(RouteLevel.LoginVerified, null, "logged in as stalwart; SELECT 1 returned 1", TimeSpan.FromMilliseconds(300));

    public static RouteCheck Failing(RouteLevel level, RouteFailure failure, string evidence) => new(level, failure, evidence, TimeSpan.FromMilliseconds(50));

    public Task<RouteCheck> VerifyAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Checks++;
        OnCheck?.Invoke();
        var check = ByAttempt?.Invoke(Checks) ?? script[Math.Min(_next, script.Length - 1)];
        _next++;
        return Task.FromResult(check);
    }
}
