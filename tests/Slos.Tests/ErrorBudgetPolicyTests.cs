namespace Reference.Slos.Tests;

/// <summary>docs/slos.md's policy: over 50 % normal; 25–50 % slow down; under 25 % freeze features; spent: stop and review.</summary>
public class ErrorBudgetPolicyTests
{
    [Theory]
    [InlineData(1.0, BudgetState.Normal)]
    [InlineData(0.51, BudgetState.Normal)]
    [InlineData(0.5, BudgetState.SlowDown)]
    [InlineData(0.25, BudgetState.SlowDown)]
    [InlineData(0.24, BudgetState.FreezeFeatures)]
    [InlineData(0.01, BudgetState.FreezeFeatures)]
    [InlineData(0.0, BudgetState.StopAndReview)]
    [InlineData(-0.4, BudgetState.StopAndReview)]
    public void The_budget_left_decides_the_policy_state(double remaining, BudgetState expected) =>
        Assert.Equal(expected, ErrorBudgetPolicy.For(remaining));
}
