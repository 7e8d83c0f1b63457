using Tailwart.Core.Lint;

namespace Tailwart.Core.Docker;

/// <summary>
/// Compose's own model of the project (<c>compose config</c>: JSON from the v2 plugin, YAML from v1
/// 1.29, which has no JSON; both parse as YAML), read once and shared by everything in the process
/// that needs it: the lint (the lint verb, the doctor's lint check, status), and the network attach
/// before starting a container docker-compose 1.29 made. docker-compose 1.29 is Python and takes
/// ~3.5 s per call here, so a second read in one run is a second spent for nothing.
/// </summary>
/// <remarks>
/// Read again only when the compose files, the files they include, or the project's .env changed
/// (path, size and modification time), so a long-running TUI still sees an edit, and a CLI run reads
/// once. Concurrent callers (the doctor runs its checks at once) wait for the one read in flight,
/// each under its own token. Compose's refusal (a <see cref="UserFacingException"/>) is kept like a
/// model: the same files give the same refusal; any other failure is read again next time.
/// </remarks>
internal sealed class ComposeModelCache(Func<CancellationToken, Task<string>> read, IReadOnlyList<string> files, string projectDirectory)
{
    private readonly Lock _gate = new();
    private string? _fingerprint;
    private Task<string>? _current;

    /// <summary>Over a compose CLI: <c>config --format json</c> on the v2 plugin, <c>config</c> on v1.</summary>
    public static ComposeModelCache Over(ComposeCli compose, IReadOnlyList<string> files, string projectDirectory) => new(async ct =>
    {
        ComposeFlavour flavour = await compose.DetectAsync(ct).ConfigureAwait(false);
        return await compose.ConfigAsync(json: flavour == ComposeFlavour.V2Plugin, ct).ConfigureAwait(false);
    }, files.Select(f => Path.GetFullPath(Path.IsPathRooted(f) ? f : Path.Combine(projectDirectory, f))).ToList(), projectDirectory);

    /// <summary>How many times compose was asked (the rest were answered from the cache).</summary>
    public int Reads { get; private set; }

    /// <summary>Compose's model now; throws compose's refusal as a <see cref="UserFacingException"/>.</summary>
    public Task<string> ReadAsync(CancellationToken ct = default)
    {
        Task<string> current;
        lock (_gate)
        {
            string fingerprint = Fingerprint();
            if (_current is null || fingerprint != _fingerprint || _current.IsFaulted && _current.Exception?.InnerException is not UserFacingException)
            {
                // not the caller's token: the read is shared, and compose's own timeout bounds it
                _current = read(CancellationToken.None);
                _fingerprint = fingerprint;
                Reads++;
            }
            current = _current;
        }
        return current.WaitAsync(ct);
    }

    /// <summary>What compose reads: the files, what they include (v2 <c>include:</c>), and .env.</summary>
    private string Fingerprint()
    {
        IEnumerable<string> read = ComposeSources.Read(files).Files.Concat(files).Append(Path.Combine(projectDirectory, ".env")).Distinct(StringComparer.Ordinal);
        return string.Join("\n", read.Select(path =>
        {
            var info = new FileInfo(path);
            return info.Exists ? $"{path}|{info.Length}|{info.LastWriteTimeUtc.Ticks}" : $"{path}|absent";
        }));
    }
}
