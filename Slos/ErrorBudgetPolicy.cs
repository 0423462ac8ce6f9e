namespace Reference.Slos;

/// <summary>What a team does at a given error budget left (docs/slos.md, "Error-budget policy").</summary>
public enum BudgetState
{
    /// <summary>Over 50 % left: ship as usual.</summary>
    Normal,

    /// <summary>25–50 % left: smaller, watched releases; reliability work first.</summary>
    SlowDown,

    /// <summary>Under 25 % left: only fixes and reliability work.</summary>
    FreezeFeatures,

    /// <summary>Spent: no releases until a review agrees the fix.</summary>
    StopAndReview,
}

public static class ErrorBudgetPolicy
{
    /// <summary>At or below this share left, slow down.</summary>
    public const double SlowDownBelow = 0.5;

    /// <summary>Below this share left, freeze features.</summary>
    public const double FreezeBelow = 0.25;

    /// <param name="remaining">Budget left over the period: 1 untouched, 0 spent, below 0 overspent.</param>
    public static BudgetState For(double remaining) => remaining switch
    {
        > SlowDownBelow => BudgetState.Normal,
        >= FreezeBelow => BudgetState.SlowDown,
        > 0 => BudgetState.FreezeFeatures,
        _ => BudgetState.StopAndReview,
    };

    public static string Describe(BudgetState state) => state switch
    {
        BudgetState.Normal => "normal",
        BudgetState.SlowDown => "slow down",
        BudgetState.FreezeFeatures => "freeze features",
        _ => "stop and review",
    };
}
