using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCaseOrderer("Reference.LoadGates.GateOrderer", "LoadGates")]

namespace Reference.LoadGates;

/// <summary>Where a gate runs in the sequence: baseline first (a fresh system), the overload last.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GateOrderAttribute(int order) : Attribute
{
    public int Order => order;
}

/// <summary>Runs the tests of a class in <see cref="GateOrderAttribute"/> order (xunit's default order is unspecified).</summary>
public sealed class GateOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => Order(t)).ThenBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);

    private static int Order(ITestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(GateOrderAttribute).AssemblyQualifiedName!)
            .FirstOrDefault()?.GetConstructorArguments().FirstOrDefault() as int? ?? int.MaxValue;
}
