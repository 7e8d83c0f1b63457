using Tailwart.Cli;

// Ctrl-C, SIGTERM and SIGHUP cancel the running verb, which ends with exit 130, 143 or 129 (see ShutdownSignals).
using var signals = ShutdownSignals.Install();
return await TailwartCli.RunAsync(args, CliEnvironment.System(), ct: signals.Token);
