using System.Globalization;

namespace Tailwart.Core.Postmaster;

/// <summary>
/// Blocklist answers kept between runs (public DNSBLs rate-limit and answer refusals to resolvers
/// that ask too often): one line per query, "query TAB verdict TAB codes TAB unix-seconds", in a
/// file of mode 0600 in the state directory. Only answers that say something are kept (clean,
/// listed, refused); a timeout is asked again next time. A damaged file is started afresh.
/// </summary>
public sealed class DnsblCache(string? path, TimeProvider time)
{
    private const int MaxEntries = 512;
    private readonly Dictionary<string, (DnsblVerdict Verdict, string[] Codes, long At)> _entries = Load(path);

    public bool TryGet(string query, TimeSpan ttl, out DnsblVerdict verdict, out IReadOnlyList<string> codes)
    {
        verdict = DnsblVerdict.Clean;
        codes = [];
        if (!_entries.TryGetValue(query, out var e) || time.GetUtcNow().ToUnixTimeSeconds() - e.At >= ttl.TotalSeconds)
            return false;
        verdict = e.Verdict;
        codes = e.Codes;
        return true;
    }

    public void Put(DnsblAnswer answer)
    {
        if (answer.Verdict is DnsblVerdict.Clean or DnsblVerdict.Listed or DnsblVerdict.Refused)
            _entries[answer.Query] = (answer.Verdict, answer.Codes.ToArray(), time.GetUtcNow().ToUnixTimeSeconds());
    }

    public void Save()
    {
        if (path is null)
            return;
        var lines = _entries.OrderByDescending(e => e.Value.At).Take(MaxEntries)
            .Select(e => string.Join('\t', e.Key, e.Value.Verdict.ToString(), string.Join(',', e.Value.Codes), e.Value.At.ToString(CultureInfo.InvariantCulture)));
        string tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        using (var writer = new StreamWriter(stream))
        {
            foreach (string line in lines)
                writer.WriteLine(line);
        }
        File.Move(tmp, path, overwrite: true);
    }

    private static Dictionary<string, (DnsblVerdict, string[], long)> Load(string? path)
    {
        var entries = new Dictionary<string, (DnsblVerdict, string[], long)>(StringComparer.OrdinalIgnoreCase);
        if (path is null || !File.Exists(path))
            return entries;
        try
        {
            foreach (string line in File.ReadLines(path).Take(MaxEntries))
            {
                string[] f = line.Split('\t');
                if (f.Length == 4 && Enum.TryParse(f[1], out DnsblVerdict v) && long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long at))
                    entries[f[0]] = (v, f[2].Length == 0 ? [] : f[2].Split(','), at);
            }
        }
        catch (IOException)
        {
            entries.Clear();
        }
        return entries;
    }
}
