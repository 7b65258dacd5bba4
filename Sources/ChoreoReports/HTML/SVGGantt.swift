/// The Gantt chart of one run as inline SVG: a row per step that ran, in definition
/// order and indented by nesting; containers as thin brackets; each task attempt as a
/// light bar while it waited (offered until claimed) and a solid bar while it was worked
/// on, in its team's colour; critical steps outlined on a highlighted row.
struct SVGGantt {
    let run: ReplayedRun
    let colors: TeamColors
    let offHours: OffHours

    private let width = 1_160.0
    private let labelWidth = 270.0
    private let chartLeft = 284.0
    private var chartRight: Double { width - 34 }
    private let top = 56.0
    private let rowHeight = 22.0
    private let barHeight = 12.0
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// A step drawn as one row.
    struct Row {
        var step: Int
        var depth: Int
        var isContainer: Bool
        var isCritical: Bool
    }

    /// Steps that ran, in definition order (handler steps last, as the definition has them).
    var rows: [Row] {
        let program = run.instance.program
        let critical = Set(run.path.steps)
        return (0..<program.stepCount).compactMap { step in
            let node = run.instance.nodes[step]
            guard node.startedAt >= 0, node.endedAt >= 0, node.status != .skipped else {
                return nil
            }
            let isContainer = program.kinds[step] != .task && program.kinds[step] != .approval
            if isContainer && node.endedAt <= node.startedAt { return nil }
            var depth = 0
            var parent = program.parents[step]
            while parent >= 0 && parent < program.stepCount {
                depth += 1
                parent = program.parents[parent]
            }
            return Row(
                step: step, depth: depth, isContainer: isContainer,
                isCritical: critical.contains(step))
        }
    }

    /// The chart.
    var svg: String {
        let rows = rows
        let height = top + Double(rows.count) * rowHeight + 12
        let axis = TimeAxis(from: 0, to: Durations.seconds(run.duration), maximumTicks: 12)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="gantt" \
            viewBox="0 0 \(n(width)) \(n(height))" role="img" \
            aria-label="Gantt chart of the median run">
            <defs><pattern id="off-hours" width="5" height="5" patternUnits="userSpaceOnUse" \
            patternTransform="rotate(45)"><rect width="1.6" height="5" fill="#1f2328" \
            fill-opacity="0.45"/></pattern></defs>

            """
        svg += grid(axis, height: height)
        for (position, row) in rows.enumerated() {
            svg += draw(row, y: top + Double(position) * rowHeight, axis: axis)
        }
        return svg + "</svg>\n"
    }

    /// Vertical grid lines with elapsed time and clock time above the rows.
    private func grid(_ axis: TimeAxis, height: Double) -> String {
        var svg = """
            <text x="8" y="20" font-size="12" font-weight="600">\(axis.unitName) since start</text>
            <text x="8" y="38" font-size="11" fill="#57606a">clock time (UTC)</text>

            """
        for tick in axis.ticks {
            let x = axis.position(tick, start: chartLeft, end: chartRight)
            let clock = CivilTime(
                timestamp: run.instance.startedAt + Microseconds(tick * 1_000_000))
            let clockText =
                "\(SVGGantt.weekdays[clock.weekday]) "
                + "\(CivilTime.zeroPadded(clock.hour, 2)):\(CivilTime.zeroPadded(clock.minute, 2))"
            svg += element(
                "line", ["x1": x, "y1": top - 10, "x2": x, "y2": height - 8, "stroke": "#d8dee4"])
            svg += element(
                "text", ["x": x, "y": 20, "font-size": 12, "text-anchor": "middle"],
                content: axis.label(tick))
            svg += element(
                "text",
                ["x": x, "y": 38, "font-size": 10, "fill": "#57606a", "text-anchor": "middle"],
                content: clockText)
            svg += "\n"
        }
        return svg
    }

    private func draw(_ row: Row, y: Double, axis: TimeAxis) -> String {
        let step = run.instance.program.definition.steps[row.step]
        let node = run.instance.nodes[row.step]
        let length = EstimateReport.span(Durations.seconds(node.endedAt - node.startedAt))
        let summary =
            "\(step.id) (\(step.kindName)\(step.team.map { ", \($0)" } ?? "")): "
            + "\(node.status.rawValue), \(length)"
            + (row.isCritical ? ", on the critical path" : "")
        var svg = HTMLEscaping.title(summary)
        if row.isCritical {
            svg += element(
                "rect", ["x": 0, "y": y, "width": width, "height": rowHeight, "fill": "#fff7d6"])
        }
        svg += label(step.id, row: row, y: y)
        let middle = y + rowHeight / 2
        if row.isContainer {
            let left = x(node.startedAt, axis)
            let right = max(x(node.endedAt, axis), left + 1)
            let bracket =
                "M\(n(left)) \(n(middle + 4))V\(n(middle - 2))H\(n(right))V\(n(middle + 4))"
            svg += element(
                "path",
                [
                    "class": "container", "d": bracket, "fill": "none", "stroke": "#6e7781",
                    "stroke-width": 2,
                ])
        } else {
            svg += bars(row, top: middle - barHeight / 2, axis: axis)
        }
        return element("g", ["class": "step-row", "data-step": step.id], content: svg) + "\n"
    }

    /// The step's name, indented by depth and cut to the label column (full name in the
    /// row's tooltip).
    private func label(_ id: String, row: Row, y: Double) -> String {
        let indent = 8 + Double(row.depth) * 14
        let characters = max(6, Int((labelWidth - indent) / 7.2))
        let text = HTMLEscaping.escape(HTMLEscaping.truncate(id, to: characters))
        let (fill, style) = row.isContainer ? ("#57606a", "italic") : ("#1f2328", "normal")
        return element(
            "text",
            [
                "x": indent, "y": y + rowHeight / 2 + 4, "font-size": 12, "fill": fill,
                "font-style": style, "font-weight": row.isCritical ? 700 : 400,
            ], content: text)
    }

    /// Every attempt of a task or approval: wait bars, then work (or decision) bars, then
    /// hatching where the team could not work, then the critical outline.
    private func bars(_ row: Row, top barTop: Double, axis: TimeAxis) -> String {
        let node = run.instance.nodes[row.step]
        let team = run.instance.program.definition.steps[row.step].team
        var svg = ""
        func rect(
            _ kind: String, _ from: Microseconds, _ to: Microseconds, fill: String, tip: String
        ) {
            let left = x(from, axis)
            let length = EstimateReport.span(Durations.seconds(to - from))
            svg += element(
                "rect",
                [
                    "class": kind, "x": left, "y": barTop, "width": max(1.5, x(to, axis) - left),
                    "height": barHeight, "fill": fill,
                    "fill-opacity": kind == "bar wait" ? 0.35 : 1.0,
                ], content: HTMLEscaping.title("\(tip): \(length)"))
        }
        let timings = run.timings.filter { $0.step == row.step }
        if timings.isEmpty {
            let start = max(node.startedAt, node.offeredAt)
            rect("bar wait", start, node.endedAt, fill: colors.color(of: team), tip: "waiting")
        }
        for timing in timings {
            let fill = colors.color(of: timing.team)
            let start = timing.kind == .task && timing.claimed >= 0 ? timing.claimed : timing.taken
            rect("bar wait", timing.offered, start, fill: fill, tip: "waiting for \(timing.team)")
            let what = timing.kind == .task ? "work" : "\(timing.kind.rawValue) decision"
            let who =
                "\(timing.team) agent \(timing.agent + 1)" + (timing.reported ? "" : " (withdrawn)")
            let kind = timing.kind == .task ? "bar work" : "bar decision"
            rect(kind, start, timing.ended, fill: fill, tip: "\(what) by \(who)")
        }
        for off in team.map({ offHours.intervals(of: $0, from: node.startedAt, to: node.endedAt) })
            ?? []
        {
            rect(
                "off-hours", off.start, off.end, fill: "url(#off-hours)",
                tip: "\(team!) off its calendar or out")
        }
        if row.isCritical {
            let left = x(node.startedAt, axis) - 1
            let width = max(3, x(node.endedAt, axis) - left + 1)
            svg += element(
                "rect",
                [
                    "class": "critical", "x": left, "y": barTop - 3, "width": width,
                    "height": barHeight + 6, "fill": "none", "stroke": "#1f2328", "stroke-width": 2,
                    "rx": 2,
                ])
        }
        return svg
    }

    private func x(_ time: Microseconds, _ axis: TimeAxis) -> Double {
        axis.position(
            Durations.seconds(time - run.instance.startedAt), start: chartLeft, end: chartRight)
    }

    private func element(
        _ name: String, _ attributes: KeyValuePairs<String, any AttributeValue>,
        content: String? = nil
    ) -> String {
        HTMLEscaping.element(name, attributes, content: content)
    }

    private func n(_ value: Double) -> String { HTMLEscaping.number(value) }
}
