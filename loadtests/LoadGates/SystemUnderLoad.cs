using Reference.AppHost.Hosting;
using Reference.Testing;

namespace Reference.LoadGates;

/// <summary>
/// The whole system, started once for every gate through the AppHost on free ports, without the
/// dashboard (it would compete for CPU with what is being measured). The gateway gets the settings
/// of <see cref="GateSettings.GatewayEnvironment"/>.
/// </summary>
public sealed class SystemUnderLoad : ReferenceAppFixture
{
    public GateSettings Settings { get; } = GateSettings.Current;

    protected override ReferenceAppOptions Options => base.Options with
    {
        IncludeDashboard = false,
        ResourceEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["gateway"] = Settings.GatewayEnvironment,
        },
    };

    public Uri Gateway => App.GetEndpoint("gateway");

    public string OrderingDb => App.GetConnectionString("orderingdb");
}
