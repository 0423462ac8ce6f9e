namespace Reference.Dashboard.Slo;

/// <summary>
/// The arithmetic of SLOs, as the SRE workbook defines it, kept free of time and storage so each
/// formula can be checked against numbers worked out by hand.
/// </summary>
public static class SloMath
{
    /// <summary>Service level indicator: good / total; null when there was no traffic (no evidence either way).</summary>
    public static double? Sli(long good, long total) => total <= 0 ? null : (double)good / total;

    /// <summary>
    /// How fast the error budget burns: the observed bad fraction divided by the allowed bad fraction.
    /// 1 means the budget lasts exactly the SLO window; 14.4 means a 30-day budget is gone in 50 hours.
    /// </summary>
    public static double BurnRate(long bad, long total, double errorBudget)
    {
        if (errorBudget is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(errorBudget), errorBudget, "The error budget must be between 0 and 1.");
        return total <= 0 ? 0 : (double)bad / total / errorBudget;
    }

    /// <summary>
    /// The fraction of the error budget still unspent over the data held: 1 = untouched, 0 = spent,
    /// negative = overspent. Equals 1 - burn rate over the same requests.
    /// </summary>
    public static double ErrorBudgetRemaining(long bad, long total, double errorBudget) =>
        1 - BurnRate(bad, total, errorBudget);
}
