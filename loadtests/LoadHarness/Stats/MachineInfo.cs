using System.Runtime.InteropServices;

namespace Reference.Load.Stats;

/// <summary>Where a run happened: rates only mean something next to the machine that produced them.</summary>
public sealed record MachineInfo(string MachineName, int Cores, string Os, string Architecture, string Runtime)
{
    public static MachineInfo Current() => new(
        Environment.MachineName,
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription);

    public override string ToString() => $"{Cores} cores, {Os} ({Architecture}), {Runtime}, host {MachineName}";
}
