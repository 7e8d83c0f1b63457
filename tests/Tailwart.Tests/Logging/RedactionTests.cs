using Microsoft.Extensions.Logging;
using Tailwart.Core.Logging;
using Tailwart.Core.Secrets;
using Tailwart.Core.State;
using Tailwart.Tests.Support;

namespace Tailwart.Tests.Logging;

public sealed class RedactionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_canary_secret_never_reaches_the_log_file_in_messages_arguments_or_exceptions()
    {
        // given
        const string canary = "canary-log-3f9a1c";
        var redactor = new Redactor();
        redactor.Add(canary);
        var state = new StatePaths(_dir.Path);

        // when
        using (ILoggerFactory factory = TailwartLogging.Create(state, redactor, verbose: true))
        {
            ILogger log = factory.CreateLogger("test");
            log.LogInformation("connecting with password {Password}", canary);
            log.LogError(new InvalidOperationException("login failed for " + canary), "failure " + canary);
            log.LogDebug("marker-line");
        }

        // then
        string file = Assert.Single(Directory.GetFiles(state.LogDirectory));
        string text = File.ReadAllText(file);
        Assert.Contains("marker-line", text, StringComparison.Ordinal);
        Assert.Contains(Redactor.Mask, text, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_files_and_their_directory_are_private()
    {
        var state = new StatePaths(Path.Combine(_dir.Path, "state"));

        using (ILoggerFactory factory = TailwartLogging.Create(state, new Redactor(), verbose: false))
            factory.CreateLogger("test").LogInformation("hello");

        string file = Assert.Single(Directory.GetFiles(state.LogDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state.LogDirectory));
    }
}
