using System.Text;

namespace Reference.Load.Thresholds;

/// <summary>One threshold checked against one phase: what was promised, what was measured, pass or fail.</summary>
public sealed record CheckResult(string Phase, string Name, string Objective, string Measured, bool Passed);

/// <summary>The outcome of evaluating thresholds: passes only when every check passes.</summary>
public sealed class Verdict(IReadOnlyList<CheckResult> checks)
{
    public IReadOnlyList<CheckResult> Checks { get; } = checks;
    public bool Passed => Checks.All(c => c.Passed);
    public IEnumerable<CheckResult> Failures => Checks.Where(c => !c.Passed);

    public static Verdict Empty { get; } = new([]);

    public static Verdict Combine(params IEnumerable<Verdict> verdicts) => new(verdicts.SelectMany(v => v.Checks).ToArray());

    public Verdict And(Verdict other) => Combine(this, other);

    /// <summary>One line per check, "PASS"/"FAIL" first, for consoles and test failure messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var check in Checks)
            text.AppendLine($"{(check.Passed ? "PASS" : "FAIL")}  [{check.Phase}] {check.Name}: {check.Measured} (objective: {check.Objective})");
        text.Append(Passed ? "verdict: PASS" : $"verdict: FAIL ({Failures.Count()} of {Checks.Count} checks failed)");
        return text.ToString();
    }
}
