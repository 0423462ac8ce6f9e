using System.Globalization;
using System.Net;
using System.Text;

namespace Reference.Load.Reports;

/// <summary>A line chart as inline SVG: one x step per second, phases as shaded bands, events as
/// vertical markers. No scripts. Also drawn by the chaos reports (fault window, actions).</summary>
public static class SvgChart
{
    public sealed record Series(string Name, string Color, IReadOnlyList<double> Values);
    /// <param name="Fill">Null: the phases' alternating greys; a colour to make one band stand out (a fault window).</param>
    public sealed record Band(string Name, double From, double To, string? Fill = null);
    /// <summary>Something that happened at <paramref name="At"/> seconds (an action, a kill).</summary>
    public sealed record Marker(string Name, double At);

    private const int Width = 900, Height = 260, Left = 60, Right = 20, Top = 20, Bottom = 40;

    public static string Render(string title, string unit, IReadOnlyList<Series> series, IReadOnlyList<Band> bands, IReadOnlyList<Marker>? markers = null)
    {
        // The x axis spans the whole run (phases included); the value of second i is drawn at i + 0.5.
        var points = Math.Max(1, Math.Max(series.Max(s => s.Values.Count), (int)Math.Ceiling(bands.Select(b => b.To).DefaultIfEmpty(0).Max())));
        var max = NiceCeiling(Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max()));
        double X(double second) => Left + second / points * (Width - Left - Right);
        double Y(double value) => Top + (1 - value / max) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"14\" font-size=\"13\" font-weight=\"bold\">{Encode(title)}</text>");
        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            var x0 = X(Math.Min(band.From, points));
            var x1 = X(Math.Min(band.To, points));
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0:0.#}\" y=\"{Top}\" width=\"{Math.Max(0, x1 - x0):0.#}\" height=\"{Height - Top - Bottom}\" fill=\"{band.Fill ?? (i % 2 == 0 ? "#f2f5fa" : "#e6ecf5")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + 4:0.#}\" y=\"{Top + 12}\" font-size=\"11\" fill=\"#557\">{Encode(band.Name)}</text>");
        }
        for (var g = 0; g <= 4; g++)
        {
            var value = max * g / 4;
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ccc\" stroke-width=\"0.5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" font-size=\"10\" text-anchor=\"end\">{value:0.##}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{Top + (Height - Top - Bottom) / 2}\" font-size=\"10\" transform=\"rotate(-90 12 {Top + (Height - Top - Bottom) / 2})\" text-anchor=\"middle\">{Encode(unit)}</text>");
        var tick = Math.Max(1, (int)NiceCeiling(points / 10.0));
        for (var s = 0; s <= points; s += tick)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(s):0.#}\" y=\"{Height - Bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{s}s</text>");

        foreach (var marker in markers ?? [])
        {
            var x = X(Math.Clamp(marker.At, 0, points));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#a33\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 3:0.#}\" y=\"{Height - Bottom - 4}\" font-size=\"10\" fill=\"#a33\">{Encode(marker.Name)}</text>");
        }

        var legendX = (double)Left;
        foreach (var line in series)
        {
            if (line.Values.Count > 0)
            {
                var path = string.Join(" ", line.Values.Select((v, i) => $"{(i == 0 ? "M" : "L")}{X(i + 0.5):0.#},{Y(v):0.#}"));
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"1.5\"/>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX:0}\" y=\"{Height - 14}\" width=\"10\" height=\"10\" fill=\"{line.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 14:0}\" y=\"{Height - 5}\" font-size=\"11\">{Encode(line.Name)}</text>");
            legendX += 30 + line.Name.Length * 7;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static double NiceCeiling(double value)
    {
        if (value <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
            if (step * magnitude >= value) return step * magnitude;
        return 10 * magnitude;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
