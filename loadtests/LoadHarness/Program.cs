// The load harness CLI: `run` (a DESIGN.md load profile, judged against slos.json), `capacity`,
// `probe` and `serve`. Everything lives in files named for their concern:
//   Simulations/  Inject, RampingInject, KeepConstant, Pause; the arrival schedule
//   Scenarios/    weighted steps; the mixed journey (70 % browse, 20 % basket, 10 % checkout)
//   Runner/       the open-model scheduler, the request path, the aggregator
//   Stats/        HdrHistogram-backed results per step, journey, phase and second
//   Thresholds/   SLO checks per phase;  Profiles/ baseline, spike, overload, capacity search
//   Reports/      Markdown, JSON, HTML;  Cli/ argument parsing and the commands
using Reference.Load.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await CliApp.RunAsync(args, Console.Out, Console.Error, cancel.Token);
