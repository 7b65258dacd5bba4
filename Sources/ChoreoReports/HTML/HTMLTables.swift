/// The report's tables: criticality and tornado ranking, teams, and the median run's
/// critical path. Bars are CSS boxes, sized by inline widths.
enum HTMLTables {
    /// Steps that ran, ranked by criticality then by the size of their correlation with the
    /// completion time (the order `choreo estimate` prints).
    static func criticality(_ report: EstimateReport, scenario: Scenario, colors: TeamColors)
        -> String
    {
        let ranked = report.steps.filter { $0.ran > 0 }.sorted {
            ($0.criticality, abs($0.correlation)) > ($1.criticality, abs($1.correlation))
        }
        let runs = max(1, report.completion.count)
        var html = """
            <table class="criticality">
            <tr><th class="number">#</th><th>step</th><th>kind</th><th>team</th>\
            <th class="number">ran in</th><th class="number">mean</th>\
            <th>criticality</th><th>correlation with completion</th></tr>

            """
        for (rank, step) in ranked.enumerated() {
            let team = scenario.workflow.index(ofStep: step.id).flatMap {
                scenario.workflow.steps[$0].team
            }
            let isLeaf = step.kind == "task" || step.kind == "approval"
            html += "<tr\(step.criticality >= 0.5 ? " class=\"critical\"" : "")>"
            html += "<td class=\"number\">\(rank + 1)</td>"
            html += "<td class=\"name\" title=\"\(e(step.id))\">\(e(step.id))</td>"
            html += "<td class=\"muted\">\(e(step.kind))</td>"
            html +=
                team.map { "<td>\(swatch(colors.color(of: $0)))\(e($0))</td>" }
                ?? "<td class=\"muted\">–</td>"
            let share = Double(step.ran) / Double(runs)
            html += "<td class=\"number\">\(EstimateReport.percent(share))</td>"
            html += "<td class=\"number\">\(EstimateReport.span(step.mean))</td>"
            let criticality = EstimateReport.percent(step.criticality)
            html +=
                isLeaf
                ? "<td>\(bar(step.criticality))\(criticality)</td>"
                : "<td class=\"muted\">container</td>"
            let correlation = EstimateReport.fixed(step.correlation, 2)
            html += "<td>\(divergingBar(step.correlation))\(correlation)</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// Each team's utilization, mean wait for an agent and longest queue.
    static func teams(_ report: EstimateReport, colors: TeamColors) -> String {
        var html = """
            <table class="teams">
            <tr><th>team</th><th class="number">agents</th><th>utilization (busy agent-time)</th>\
            <th class="number">mean wait for an agent</th><th class="number">longest queue</th></tr>

            """
        for team in report.teams {
            html += "<tr><td>\(swatch(colors.color(of: team.team)))\(e(team.team))</td>"
            html += "<td class=\"number\">\(team.agents)</td>"
            html += "<td>\(bar(team.utilization))\(EstimateReport.percent(team.utilization))</td>"
            html += "<td class=\"number\">\(EstimateReport.span(team.meanWait))</td>"
            html += "<td class=\"number\">\(team.longestQueue)</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// The median run's critical path, each step's time split by what it was spent on.
    static func criticalPath(_ run: ReplayedRun, colors: TeamColors) -> String {
        var html = """
            <table class="critical-path">
            <tr><th>step</th><th>team</th><th class="number">starts at</th>\
            <th class="number">earlier attempts</th><th class="number">agent wait</th>\
            <th class="number">claim delay</th><th class="number">work</th>\
            <th class="number">decision wait</th><th class="number">paused</th>\
            <th class="number">total</th></tr>

            """
        func cell(_ time: Microseconds) -> String {
            let text = time > 0 ? EstimateReport.span(Durations.seconds(time)) : "–"
            return "<td class=\"number\(time > 0 ? "" : " muted")\">\(text)</td>"
        }
        // Slack is left out: on the critical path it is zero by definition.
        for step in run.criticalSteps {
            html += "<tr><td class=\"name\" title=\"\(e(step.id))\">\(e(step.id))</td>"
            html += "<td>\(step.team.map { swatch(colors.color(of: $0)) + e($0) } ?? "–")</td>"
            html += cell(step.started - run.instance.startedAt)
            html += [step.earlierAttempts, step.agentWait, step.claimDelay, step.work]
                .map(cell).joined()
            html += [step.decisionWait, step.paused, step.total].map(cell).joined()
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// A bar filled to `share` (0...1).
    static func bar(_ share: Double) -> String {
        let width = HTMLEscaping.number(min(1, max(0, share)) * 100)
        return "<span class=\"meter\"><i style=\"width:\(width)%\"></i></span>"
    }

    /// A bar from the middle: right for a positive value, left for a negative one (-1...1).
    static func divergingBar(_ value: Double) -> String {
        let clamped = min(1, max(-1, value))
        let width = HTMLEscaping.number(abs(clamped) * 50)
        let side =
            clamped < 0
            ? "negative\" style=\"right:50%;width:\(width)%"
            : "positive\" style=\"left:50%;width:\(width)%"
        return "<span class=\"meter diverging\"><i class=\"\(side)\"></i></span>"
    }

    /// A small box of `color`, spaced from the text that follows unless `spaced` is false.
    static func swatch(_ color: String, spaced: Bool = true) -> String {
        let margin = spaced ? ";margin-right:6px" : ""
        return "<span class=\"swatch\" style=\"background:\(color)\(margin)\"></span>"
    }

    private static func e(_ text: String) -> String { HTMLEscaping.escape(text) }
}
