/// The estimate as one self-contained HTML page (`choreo estimate --html FILE`): key
/// figures, the Gantt chart of the median run with its critical path, the completion-time
/// histogram, the criticality and tornado table and team utilization.
///
/// Everything is inline (CSS and SVG); the page loads nothing, runs no script and reads
/// the same offline. The same report and scenario always give the same bytes: the page
/// carries no generation date.
///
/// ```swift
/// let replications = MonteCarlo.run(scenario, runs: 1_000, seed: 42, jobs: 2)
/// let report = EstimateReport(scenario: scenario, seed: 42, replications: replications)
/// let html = HTMLReport.render(report, scenario: scenario)
/// ```
public enum HTMLReport {
    /// The page for `report`, an estimate of `scenario` (which it simulates once more to
    /// draw the median run).
    public static func render(_ report: EstimateReport, scenario: Scenario) -> String {
        let run = report.medianRun.flatMap {
            ReplayedRun($0, scenario: scenario, seed: report.seed)
        }
        let colors = TeamColors(
            teams: scenario.workflow.teams + report.teams.map(\.team)
                + (run?.timings.map(\.team) ?? []))
        let title = "Estimate of \(report.scenario) (\(report.workflow))"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>
            \(HTMLStyle.sheet)
            </style>
            </head>
            <body>
            <main>

            """
        html += header(report, scenario: scenario, title: title)
        html += medianRunSection(run, scenario: scenario, colors: colors)
        html += histogramSection(report)
        html += "<h2>Which steps decide the completion time</h2>\n"
        html += """
            <p class="note">Criticality: the share of runs in which the step was on the critical \
            path. Correlation: how the step's duration moves with the completion time over the \
            runs in which it ran (right, red: longer step, later finish; left, green: the \
            opposite).</p>

            """
        html += HTMLTables.criticality(report, scenario: scenario, colors: colors)
        html += "<h2>Teams</h2>\n"
        html += """
            <p class="note">Utilization: busy agent-time over the agents' time across each run's \
            span. Wait: from a task's offer until a free agent took it.</p>

            """
        html += HTMLTables.teams(report, colors: colors)
        html += "<footer>Made by <code>choreo estimate</code> from scenario \(e(scenario.file)); "
        html += "the same scenario, runs and seed give the same report.</footer>\n"
        return html + "</main>\n</body>\n</html>\n"
    }

    /// Title, what was run, and the key figures.
    private static func header(_ report: EstimateReport, scenario: Scenario, title: String)
        -> String
    {
        let summary = report.completion
        let start = CivilTime(timestamp: scenario.start)
        let startText = "\(SVGGantt.weekdays[start.weekday]) \(start.logText.prefix(16))"
        var html = "<h1>\(e(title))</h1>\n"
        html += "<p class=\"lead\">Scenario <b>\(e(report.scenario))</b>"
        html += " · workflow <b>\(e(report.workflow))</b>"
        html += " · \(report.runs) runs · seed \(report.seed) · starting \(startText) UTC</p>\n"
        var figures: [(String, String)] = [
            ("mean", EstimateReport.span(summary.mean)),
            ("median (p50)", EstimateReport.span(summary.percentile(50))),
            ("p90", EstimateReport.span(summary.percentile(90))),
            ("p99", EstimateReport.span(summary.percentile(99))),
        ]
        if let timeout = report.timeout {
            let met = report.probabilityMet.map(EstimateReport.percent) ?? "–"
            figures.append(("within the \(Durations.format(timeout)) timeout", met))
        }
        html += "<div class=\"figures\">\n"
        for (label, value) in figures {
            html += "<div class=\"figure\"><div class=\"label\">\(e(label))</div>"
            html += "<div class=\"value\">\(e(value))</div></div>\n"
        }
        let total = max(1, summary.count)
        let statuses = report.statuses.map { status, count in
            "\(e(status)) \(count) (\(EstimateReport.percent(Double(count) / Double(total))))"
        }
        let statusText = statuses.isEmpty ? "–" : statuses.joined(separator: " · ")
        html += "<div class=\"figure wide\"><div class=\"label\">final status</div>"
        html += "<div class=\"value\">\(statusText)</div></div>\n"
        html += "</div>\n"
        if report.failedRuns > 0 {
            html += "<p class=\"note\">\(report.failedRuns) runs went out of bounds; the first: "
            html += "\(e(report.firstFailure ?? ""))</p>\n"
        }
        return html
    }

    /// The Gantt chart of the median run, its legend and its critical path.
    private static func medianRunSection(
        _ run: ReplayedRun?, scenario: Scenario, colors: TeamColors
    ) -> String {
        var html = "<h2>The median run</h2>\n"
        guard let run else {
            return html
                + "<p class=\"note\">No instance finished, so there is no run to draw.</p>\n"
        }
        let program = run.instance.program
        html += "<p class=\"note\">Replication \(run.reference.replication) ended "
        html += "<b>\(e(run.instance.status.rawValue))</b> after "
        html +=
            "<b>\(EstimateReport.span(run.reference.duration))</b>, the median completion time. "
        let path = run.path.steps.map { e(program.name(of: $0)) }
        html += "Critical path: \(path.joined(separator: " → ")).</p>\n"
        html += legend(run, colors: colors)
        html += SVGGantt(run: run, colors: colors, offHours: OffHours(scenario: scenario)).svg
        html += """
            <p class="note">Where the critical path's time went. Earlier attempts: from the \
            first offer to the last attempt's (retries, escalations). Agent wait: until a free \
            agent took the task, in the team's working time. Paused: time the team was off its \
            calendar or out, from the offer to the end.</p>

            """
        html += HTMLTables.criticalPath(run, colors: colors)
        return html
    }

    /// Team colours of the teams in the run, then what the bar styles mean.
    private static func legend(_ run: ReplayedRun, colors: TeamColors) -> String {
        var teams: [String] = []
        for timing in run.timings where !teams.contains(timing.team) { teams.append(timing.team) }
        teams.sort()
        var html = "<div class=\"legend\">"
        for team in teams {
            html +=
                "<span>\(HTMLTables.swatch(colors.color(of: team), spaced: false))\(e(team))</span>"
        }
        html += "</div>\n<div class=\"legend\">"
        html += "<span><span class=\"swatch light\" style=\"background:#4e79a7\"></span>"
        html += "waiting: offered until claimed (lighter shade)</span>"
        html += "<span>\(HTMLTables.swatch("#4e79a7", spaced: false))work or decision</span>"
        html += "<span><span class=\"swatch hatched\"></span>team off its calendar or out</span>"
        html += "<span><span class=\"swatch critical\"></span>critical path</span>"
        html += "<span><span class=\"swatch bracket\"></span>parallel, sequence or branch</span>"
        return html + "</div>\n"
    }

    /// The histogram of completion times with its percentile and timeout lines.
    private static func histogramSection(_ report: EstimateReport) -> String {
        var html = "<h2>Completion time</h2>\n"
        guard report.completion.count > 0 else {
            return html + "<p class=\"note\">No instance finished.</p>\n"
        }
        html += "<p class=\"note\">\(report.completion.count) completion times, from "
        html += "\(EstimateReport.span(report.completion.minimum)) to "
        html += "\(EstimateReport.span(report.completion.maximum)); "
        html +=
            "standard deviation \(EstimateReport.span(report.completion.standardDeviation)).</p>\n"
        return html + SVGHistogram(report: report).svg
    }

    private static func e(_ text: String) -> String { HTMLEscaping.escape(text) }
}
