using Tailwart.Cli;

// The version answers before anything is set up: signals, the environment, the verb tree (issue 18).
if (TailwartCli.VersionAnswer(args) is { } version)
{
    Console.Out.WriteLine(version);
    return ExitCodes.Ok;
}

// Ctrl-C, SIGTERM and SIGHUP cancel the running verb, which ends with exit 130, 143 or 129 (see ShutdownSignals).
using var signals = ShutdownSignals.Install();
return await TailwartCli.RunAsync(args, CliEnvironment.System(), ct: signals.Token);
