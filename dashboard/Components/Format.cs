using System.Globalization;

namespace Reference.Dashboard.Components;

/// <summary>How numbers and times read on every page.</summary>
public static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Duration(TimeSpan d) => d.TotalMilliseconds switch
    {
        < 1 => $"{d.TotalMicroseconds.ToString("0", Culture)} µs",
        < 1000 => $"{d.TotalMilliseconds.ToString("0.#", Culture)} ms",
        _ => $"{d.TotalSeconds.ToString("0.##", Culture)} s",
    };

    public static string Time(DateTime utc) => utc.ToString("HH:mm:ss.fff", Culture);
    public static string Percent(double? fraction, int decimals = 2) =>
        fraction is { } f ? (f * 100).ToString("F" + decimals, Culture) + " %" : "–";
    public static string Number(double value, string format = "0.##") => value.ToString(format, Culture);
    public static string ShortId(string id) => id.Length > 8 ? id[..8] : id;
}
