using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet;

namespace Tailwart.Core.Logs;

/// <summary>
/// Reads one container's log body on a thread of its own with blocking reads and hands the batches to an
/// async consumer. Why (issue 5, ingest ≥ 1.0× <c>docker logs</c> on a 2-core box): with async socket reads
/// every read of a chatty log went epoll thread → thread pool → worker (and workers spin for more work),
/// which cost more CPU than dockerd's own sending and held ingest near 0.6×. Here a read is one recv(2),
/// and the consumer's continuation runs on this thread right after the batch is written (synchronous
/// continuations), so a batch costs no thread hop either. The consumer must not block (LogFeed stores a
/// batch under a short lock); a slow one is met by the bounded channel, which makes this thread wait.
/// </summary>
internal static class DockerLogPump
{
    /// <summary>Batches waiting for a slow consumer; beyond this the pump waits (and dockerd with it).</summary>
    private const int Backlog = 16;

    public static async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadAsync(
        IDockerClient docker, string service, string containerId, string query, bool multiplexed, DateTimeOffset? since, TimeProvider time,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<IReadOnlyList<LogLine>>(new BoundedChannelOptions(Backlog)
        {
            SingleReader = true,
            SingleWriter = true,
            AllowSynchronousContinuations = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Ends the pump when the consumer stops early (a deadline, a break) as well as on ct.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var thread = new Thread(() => Pump(docker, containerId, query, new LogBodyDecoder(service, multiplexed, since, time), channel.Writer, stop.Token))
        {
            IsBackground = true,
            Name = "tailwart log " + service,
        };
        thread.Start();
        try
        {
            await foreach (IReadOnlyList<LogLine> batch in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return batch;
        }
        finally
        {
            // Cancelling disposes the response, which unblocks a read in progress; the thread then ends by itself.
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static void Pump(IDockerClient docker, string containerId, string query, LogBodyDecoder decoder, ChannelWriter<IReadOnlyList<LogLine>> writer, CancellationToken ct)
    {
        try
        {
            using HttpResponseMessage response = DockerLogHttpClient.GetLogs(docker, containerId, query, ct);
            using CancellationTokenRegistration unblock = ct.Register(response.Dispose);
            Stream body = response.Content.ReadAsStream(ct);
            int read;
            while ((read = body.Read(decoder.Free.Span)) > 0)
            {
                if (decoder.Take(read) is { } batch)
                    Write(writer, batch, ct);
            }
            if (decoder.Finish() is { } last)
                Write(writer, last, ct);
            writer.TryComplete();
        }
#pragma warning disable CA1031 // whatever ended the body (socket, HTTP, API, a cancel that disposed the response) goes to the consumer
        catch (Exception e)
#pragma warning restore CA1031
        {
            writer.TryComplete(ct.IsCancellationRequested ? new OperationCanceledException(ct) : e);
        }
    }

    private static void Write(ChannelWriter<IReadOnlyList<LogLine>> writer, IReadOnlyList<LogLine> batch, CancellationToken ct)
    {
        while (!writer.TryWrite(batch))
        {
            if (!writer.WaitToWriteAsync(ct).AsTask().GetAwaiter().GetResult())
                return;
        }
    }
}
