using System.Text;
using Serilog.Sinks.File;

namespace Tailwart.Core.Logging;

/// <summary>Makes every log file 0600 as it is opened: logs name hosts, users and addresses.</summary>
public sealed class PrivateFileHooks : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return underlyingStream;
    }
}
