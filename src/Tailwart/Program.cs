using Tailwart.Cli;

// Ctrl-C cancels the running verb, which ends with exit 130 (see ExitCodes).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await TailwartCli.RunAsync(args, CliEnvironment.System(), ct: cancel.Token);
