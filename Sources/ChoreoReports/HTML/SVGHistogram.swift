/// The completion-time histogram as inline SVG: a bar per bin, vertical lines at p50, p90
/// and p99 and at the workflow's timeout, each labelled on its own row above the plot so
/// that labels of close lines never overlap.
struct SVGHistogram {
    let report: EstimateReport

    private let width = 1_160.0
    private let height = 380.0
    private let left = 64.0
    private let right = 1_136.0
    private let labelRowHeight = 16.0
    private var plotTop: Double { 16 + 4 * labelRowHeight }
    private var plotBottom: Double { height - 52 }

    /// A labelled vertical line.
    struct Marker {
        var kind: String
        var name: String
        var seconds: Double
        var color: String
    }

    /// p50, p90, p99, then the timeout if the workflow has one.
    var markers: [Marker] {
        let summary = report.completion
        var markers = [50.0, 90, 99].map {
            Marker(
                kind: "percentile", name: "p\(Int($0))", seconds: summary.percentile($0),
                color: "#1f2328")
        }
        if let timeout = report.timeout {
            markers.append(
                Marker(
                    kind: "timeout", name: "timeout", seconds: Durations.seconds(timeout),
                    color: "#d1242f"))
        }
        return markers
    }

    /// The chart; the bins are `SampleSummary`'s equal-width bins from minimum to maximum.
    var svg: String {
        let summary = report.completion
        let bins = summary.histogram(bins: max(8, min(40, Int(Double(summary.count).squareRoot()))))
        let upper = markers.map(\.seconds).filter { !isOffScale($0) }.reduce(summary.maximum, max)
        let axis = TimeAxis(from: summary.minimum, to: upper, maximumTicks: 12)
        let tallest = max(1, bins.map(\.count).max() ?? 1)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="histogram" \
            viewBox="0 0 \(n(width)) \(n(height))" role="img" \
            aria-label="Histogram of completion times">

            """
        svg += countAxis(tallest)
        for bin in bins {
            let x0 = axis.position(bin.lower, start: left, end: right)
            let x1 = axis.position(bin.upper, start: left, end: right)
            let barHeight = Double(bin.count) / Double(tallest) * (plotBottom - plotTop)
            let range = "\(EstimateReport.span(bin.lower)) – \(EstimateReport.span(bin.upper))"
            svg += element(
                "rect",
                [
                    "class": "bin", "x": x0 + 0.5, "y": plotBottom - barHeight,
                    "width": max(1.5, x1 - x0 - 1), "height": barHeight, "fill": "#4e79a7",
                ], content: HTMLEscaping.title("\(range): \(bin.count) runs"))
            svg += "\n"
        }
        svg += timeAxis(axis)
        for (row, marker) in markers.enumerated() {
            svg += draw(marker, row: row, axis: axis)
        }
        return svg + "</svg>\n"
    }

    /// The count axis on the left: round steps of 1, 2 or 5 times a power of ten.
    private func countAxis(_ tallest: Int) -> String {
        var step = 1
        while tallest / step > 5 {
            step = String(step).hasPrefix("2") ? step / 2 * 5 : step * 2
        }
        let middle = (plotTop + plotBottom) / 2
        var svg = element(
            "text",
            [
                "x": 14, "y": middle, "font-size": 12, "text-anchor": "middle",
                "transform": "rotate(-90 14 \(n(middle)))",
            ], content: "runs")
        var count = 0
        while count <= tallest {
            let y = plotBottom - Double(count) / Double(tallest) * (plotBottom - plotTop)
            svg += element(
                "line", ["x1": left, "y1": y, "x2": right, "y2": y, "stroke": "#eaeef2"])
            svg += element(
                "text", ["x": left - 6, "y": y + 4, "font-size": 11, "text-anchor": "end"],
                content: String(count))
            svg += "\n"
            count += step
        }
        return svg
    }

    /// The time axis under the bars, with its unit in the title.
    private func timeAxis(_ axis: TimeAxis) -> String {
        var svg = element(
            "line",
            ["x1": left, "y1": plotBottom, "x2": right, "y2": plotBottom, "stroke": "#57606a"])
        for tick in axis.ticks {
            let x = axis.position(tick, start: left, end: right)
            svg += element(
                "line",
                ["x1": x, "y1": plotBottom, "x2": x, "y2": plotBottom + 5, "stroke": "#57606a"])
            svg += element(
                "text", ["x": x, "y": plotBottom + 19, "font-size": 11, "text-anchor": "middle"],
                content: axis.label(tick))
            svg += "\n"
        }
        svg += element(
            "text",
            ["x": (left + right) / 2, "y": height - 12, "font-size": 12, "text-anchor": "middle"],
            content: "completion time (\(axis.unitName) from the instance&#39;s start)")
        return svg + "\n"
    }

    /// Whether a marker lies so far right of the runs (a timeout of 3 days for runs of
    /// hours) that including it would squeeze the bars into a corner.
    private func isOffScale(_ seconds: Double) -> Bool {
        seconds > 2 * max(report.completion.maximum, 60)
    }

    /// A marker's line from its label row down to the axis, and its label; a marker off
    /// the scale is drawn at the right edge with an arrow, its line stopping above the plot
    /// so as not to mark the last tick.
    private func draw(_ marker: Marker, row: Int, axis: TimeAxis) -> String {
        let offScale = isOffScale(marker.seconds)
        let x = offScale ? right : axis.position(marker.seconds, start: left, end: right)
        let labelY = 16 + Double(row) * labelRowHeight + 11
        let text =
            "\(marker.name) \(EstimateReport.span(marker.seconds))"
            + (offScale ? " (off the scale) →" : "")
        let anchorsEnd = x > right - 140
        var svg = element(
            "line",
            [
                "class": marker.kind, "x1": x, "y1": labelY - 10, "x2": x,
                "y2": offScale ? labelY + 4 : plotBottom, "stroke": marker.color,
                "stroke-width": 1.5, "stroke-dasharray": marker.kind == "timeout" ? "6 4" : "none",
            ])
        svg += element(
            "text",
            [
                "x": anchorsEnd ? x - 5 : x + 5, "y": labelY, "font-size": 12, "font-weight": 600,
                "fill": marker.color, "text-anchor": anchorsEnd ? "end" : "start",
            ], content: HTMLEscaping.escape(text))
        return svg + "\n"
    }

    private func element(
        _ name: String, _ attributes: KeyValuePairs<String, any AttributeValue>,
        content: String? = nil
    ) -> String {
        HTMLEscaping.element(name, attributes, content: content)
    }

    private func n(_ value: Double) -> String { HTMLEscaping.number(value) }
}
