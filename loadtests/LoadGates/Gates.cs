using Xunit.Abstractions;

namespace Reference.LoadGates;

/// <summary>
/// The gates, one per file (BaselineGate.cs, SpikeGate.cs, OverloadGate.cs), in one class so that
/// <see cref="GateOrderer"/> runs them in order: baseline on a fresh system first, overload last.
/// They share one running system and run one after another (see <see cref="LoadGateCollection"/>).
/// </summary>
[Collection(LoadGateCollection.Name)]
[Trait("Category", LoadGateCollection.Category)]
public sealed partial class Gates(SystemUnderLoad system, ITestOutputHelper output);
