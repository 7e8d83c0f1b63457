using System.Runtime.CompilerServices;

namespace Tailwart.Core.Waiting;

/// <summary>
/// A subscription that outlives the stream under it (Docker's event stream ends whenever dockerd
/// restarts or the API connection drops): when one subscription ends, it pauses on a
/// <see cref="Backoff"/> and subscribes again, for as long as the caller keeps reading. Every item
/// proves the other side answered and resets the pause, so a watch resumes within the first pause
/// of dockerd answering again, and a daemon that stays away is asked at most every cap.
/// </summary>
internal static class Resubscription
{
    /// <summary>
    /// The items of <paramref name="subscribe"/>, subscription after subscription, until
    /// <paramref name="ct"/> is cancelled (then <see cref="OperationCanceledException"/>, as a
    /// cancelled stream would throw). An exception from a subscription ends the whole sequence:
    /// the subscription decides what is transient.
    /// </summary>
    public static async IAsyncEnumerable<T> ForeverAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> subscribe, Backoff pause, [EnumeratorCancellation] CancellationToken ct = default)
    {
        while (true)
        {
            await foreach (T item in subscribe(ct).WithCancellation(ct).ConfigureAwait(false))
            {
                pause.Reset();
                yield return item;
            }
            // the stream ended without our asking: pause, then subscribe again
            if (!await pause.PauseAsync(ct).ConfigureAwait(false))
                ct.ThrowIfCancellationRequested();
        }
    }
}
