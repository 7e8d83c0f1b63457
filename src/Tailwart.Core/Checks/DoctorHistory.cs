using System.Text;
using System.Text.Json;

namespace Tailwart.Core.Checks;

/// <summary>
/// The previous doctor result, kept in the state directory (file mode 0600: evidence can name
/// hosts and addresses) so the next run can say what is new, gone or changed. A run of some
/// checks (--only) replaces only those checks' findings and is compared only on them. Written
/// with Utf8JsonWriter and read with JsonDocument (no reflection: NativeAOT); a damaged or
/// oversized file is treated as no history.
/// </summary>
public sealed class DoctorHistory(string path, TimeProvider time)
{
    public const string FileName = "doctor-last.json";
    private const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The previous run's findings by check id, and when it ran; null when there is none.</summary>
    public (DateTimeOffset At, IReadOnlyDictionary<string, IReadOnlyList<Finding>> Checks)? Load()
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxBytes)
                return null;
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var at = DateTimeOffset.Parse(root.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var checks = new Dictionary<string, IReadOnlyList<Finding>>(StringComparer.Ordinal);
            foreach (JsonProperty check in root.GetProperty("checks").EnumerateObject())
            {
                checks[check.Name] = check.Value.EnumerateArray().Select(f => new Finding(
                    f.GetProperty("id").GetString()!, Enum.Parse<Severity>(f.GetProperty("severity").GetString()!), f.GetProperty("title").GetString()!,
                    f.GetProperty("evidence").GetString()!, f.TryGetProperty("lesson", out JsonElement l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null,
                    f.GetProperty("fix").GetString()!)).ToList();
            }
            return (at, checks);
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or FormatException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Keeps this run's results (merged over the previous ones for checks that did not run).</summary>
    public void Save(IReadOnlyList<CheckResult> results)
    {
        var merged = new Dictionary<string, IReadOnlyList<Finding>>(Load()?.Checks ?? new Dictionary<string, IReadOnlyList<Finding>>(), StringComparer.Ordinal);
        foreach (CheckResult r in results)
            merged[r.Id] = r.Findings;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("at", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartObject("checks");
            foreach (var (id, findings) in merged.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.WriteStartArray(id);
                foreach (Finding f in findings)
                {
                    w.WriteStartObject();
                    w.WriteString("id", f.Id);
                    w.WriteString("severity", f.Severity.ToString());
                    w.WriteString("title", f.Title);
                    w.WriteString("evidence", f.Evidence);
                    if (f.Lesson is int lesson)
                        w.WriteNumber("lesson", lesson);
                    w.WriteString("fix", f.Fix);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        string tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            stream.Write(buffer.ToArray());
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>
    /// Marks each current finding new, changed or unchanged against the previous run of the same
    /// checks, and lists the previous findings that are gone. A finding is the same one when its
    /// id and title match, or when its id occurs once in both runs (a title with a count in it);
    /// it changed when its severity or evidence differs.
    /// </summary>
    public static (IReadOnlyList<CheckResult> Marked, IReadOnlyList<Finding> Gone) Compare(IReadOnlyDictionary<string, IReadOnlyList<Finding>> previous, IReadOnlyList<CheckResult> current)
    {
        var gone = new List<Finding>();
        var marked = new List<CheckResult>();
        foreach (CheckResult r in current)
        {
            if (!previous.TryGetValue(r.Id, out IReadOnlyList<Finding>? before))
            {
                marked.Add(r with { Findings = r.Findings.Select(f => f with { Change = FindingChange.New }).ToList() });
                continue;
            }
            var unmatched = before.ToList();
            var findings = new List<Finding>();
            foreach (Finding f in r.Findings)
            {
                Finding? match = unmatched.FirstOrDefault(p => p.Id == f.Id && p.Title == f.Title);
                if (match is null && r.Findings.Count(x => x.Id == f.Id) == 1 && unmatched.Count(p => p.Id == f.Id) == 1 && before.Count(p => p.Id == f.Id) == 1)
                    match = unmatched.Single(p => p.Id == f.Id);
                if (match is null)
                {
                    findings.Add(f with { Change = FindingChange.New });
                    continue;
                }
                unmatched.Remove(match);
                bool changed = match.Severity != f.Severity || match.Evidence != f.Evidence || match.Title != f.Title;
                findings.Add(f with { Change = changed ? FindingChange.Changed : FindingChange.Unchanged, Previous = changed ? match : null });
            }
            gone.AddRange(unmatched.Select(p => p with { Change = FindingChange.Gone }));
            marked.Add(r with { Findings = findings });
        }
        return (marked, gone);
    }
}
