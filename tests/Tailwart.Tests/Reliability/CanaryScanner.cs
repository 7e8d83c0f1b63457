namespace Tailwart.Tests.Reliability;

/// <summary>Counts canary secrets in everything tailwart wrote: outputs, screens, files.</summary>
public sealed class CanaryScanner(IReadOnlyCollection<string> canaries)
{
    private readonly List<string> _leaks = [];

    public IReadOnlyList<string> Leaks => _leaks;

    public int Scanned { get; private set; }

    public void Scan(string where, string text)
    {
        Scanned++;
        foreach (string canary in canaries)
        {
            int count = 0;
            for (int at = text.IndexOf(canary, StringComparison.Ordinal); at >= 0; at = text.IndexOf(canary, at + 1, StringComparison.Ordinal))
                count++;
            if (count > 0)
                _leaks.Add($"{where}: {count} × {canary}");
        }
    }

    /// <summary>Every file under <paramref name="directory"/> (logs, audit log, ledgers, caches), except the secret files themselves.</summary>
    public void ScanFiles(string directory, IReadOnlyCollection<string> except)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => !except.Contains(f)))
        {
            Scan(file, File.ReadAllText(file));
            ReliabilityFigures.Add("canary.files-scanned", 1);
        }
    }

    /// <summary>Puts the figures on record; returns the total number of occurrences (must be 0).</summary>
    public int Record()
    {
        ReliabilityFigures.Add("canary.outputs-scanned", Scanned);
        ReliabilityFigures.Add("canary.occurrences", _leaks.Count);
        return _leaks.Count;
    }
}
