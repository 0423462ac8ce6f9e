namespace Reference.Ui.Tests;

/// <summary>What a dashboard data grid showed: its column headers and each row's cell texts, addressed by column name.</summary>
public sealed record DataGrid(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The cell's text with its whitespace collapsed ("postgresql\n  orderingdb" reads "postgresql orderingdb").</summary>
    public static string Text(string cell) => string.Join(' ', cell.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The cell's first line: the value without what the dashboard puts beside it (a state's unread-errors badge).</summary>
    public static string FirstLine(string cell) => cell.Split('\n', 2)[0].Trim();

    /// <summary>Each row's cells in the column headed <paramref name="column"/>; fails naming the columns there are.</summary>
    public IEnumerable<string> Column(string column)
    {
        var index = Columns.ToList().FindIndex(c => FirstLine(c) == column);
        if (index < 0) throw new Xunit.Sdk.XunitException($"Expected a column '{column}'; the grid has [{string.Join(", ", Columns.Select(FirstLine))}].");
        return Rows.Select(row => index < row.Count ? row[index] : "");
    }

    /// <summary>Pairs of two columns, row by row, e.g. (Name, State).</summary>
    public IReadOnlyList<(string First, string Second)> Pairs(string first, string second) => [.. Column(first).Zip(Column(second))];

    public override string ToString() => Rows.Count == 0
        ? "(no rows)"
        : string.Join('\n', Rows.Select(row => "  | " + string.Join(" | ", row.Select(Text))));
}
