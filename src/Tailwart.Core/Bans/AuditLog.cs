using System.Globalization;
using System.Text;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;

namespace Tailwart.Core.Bans;

/// <summary>
/// The audit trail of actions (DESIGN: actions are honest): one line per action and per outcome,
/// appended to <c>audit.log</c> in the state directory, created 0600, passed through the redactor
/// so that no secret can reach it. Lines carry addresses and paths, never credentials.
/// </summary>
public sealed class AuditLog(string path, TimeProvider time, Redactor? redactor = null)
{
    public const string FileName = "audit.log";
    private static readonly Lock Gate = new();

    public string Path { get; } = path;

    public static AuditLog InState(StatePaths state, TimeProvider time, Redactor? redactor = null) =>
        new(System.IO.Path.Combine(StatePaths.EnsurePrivateDirectory(state.Directory), FileName), time, redactor);

    /// <summary>Appends <c>TIME ACTION DETAIL</c>; never throws for a full disk, because an action must not fail on its log line.</summary>
    public void Write(string action, string detail)
    {
        string text = $"{time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {action} {detail.ReplaceLineEndings(" ")}";
        if (redactor is not null)
            text = redactor.Redact(text);
        lock (Gate)
        {
            try
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.Append,
                    Access = FileAccess.Write,
                    Share = FileShare.Read,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                };
                using var stream = new FileStream(Path, options);
                byte[] bytes = Encoding.UTF8.GetBytes(text + "\n");
                stream.Write(bytes);
            }
            catch (IOException)
            {
                // The action's own report still tells the admin what happened.
            }
        }
    }
}
