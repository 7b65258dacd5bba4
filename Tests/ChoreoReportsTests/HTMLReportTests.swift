import Testing

@testable import ChoreoReports

/// A small release workflow whose first step's id and team hold HTML's special characters.
private func releaseScenario(timeout: String = "3h") throws -> Scenario {
    var workflow = try WorkflowLoader.load(
        yaml: """
            name: release
            timeout: \(timeout)
            steps:
              - { id: build, team: "dev<&>\\"ops", action: build }
              - id: checks
                type: parallel
                steps:
                  - { id: unit, team: qa, action: test }
                  - { id: lint, team: dev, action: lint }
              - { id: ship, team: ops, action: deploy }
            """, file: "release.yaml")
    workflow.steps[0].id = "build <fast> & \"clean\""
    return Scenario(
        name: "release-week", file: "release.yaml", workflow: workflow, seed: 7, start: at(20, 9),
        defaults: TeamBehavior(
            name: "defaults", agents: 2, claimDelay: .exponential(mean: 300),
            duration: .exponential(mean: 1_800)))
}

private func estimate(_ scenario: Scenario, runs: Int = 201, jobs: Int = 2) -> EstimateReport {
    EstimateReport(
        scenario: scenario, seed: 7,
        replications: MonteCarlo.run(scenario, runs: runs, seed: 7, jobs: jobs))
}

private func occurrences(of needle: String, in text: String) -> Int {
    text.ranges(of: needle).count
}

@Test func theReportLoadsNothingFromTheNetwork() throws {
    let html = HTMLReport.render(estimate(try releaseScenario()), scenario: try releaseScenario())
    let withoutNamespace = html.replacing("xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    #expect(!withoutNamespace.contains("http://"))
    #expect(!withoutNamespace.contains("https://"))
    for fetching in ["<script", "<link", "<img", "@import", "url(http", "src="] {
        #expect(!html.contains(fetching), "the page must not contain \(fetching)")
    }
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.hasSuffix("</html>\n"))
}

@Test func theGanttDrawsEveryTaskOfTheMedianRun() throws {
    let scenario = try releaseScenario()
    let report = estimate(scenario)
    let median = try #require(report.medianRun)
    // 201 runs: the lower median is the median.
    #expect(median.duration == report.completion.percentile(50))
    let simulation = Simulation(
        scenario: scenario, seed: report.seed, replication: UInt64(median.replication))
    try simulation.run()
    let instance = simulation.store.allInstances.filter { $0.endedAt != nil }[median.instance]
    #expect(Durations.seconds(instance.endedAt! - instance.startedAt) == median.duration)
    let html = HTMLReport.render(report, scenario: scenario)
    let tasks = simulation.timings.filter { $0.instance == instance.serial && $0.kind == .task }
    #expect(!tasks.isEmpty)
    #expect(occurrences(of: "class=\"bar work\"", in: html) == tasks.count)
    for step in scenario.workflow.steps where step.team != nil {
        #expect(instance.nodes[step.index].startedAt >= 0)
        #expect(html.contains("data-step=\"\(HTMLEscaping.escape(step.id))\""))
    }
    let critical = CriticalPath(instance).steps
    #expect(occurrences(of: "<rect class=\"critical\"", in: html) == critical.count)
}

@Test func theHistogramMarksThePercentilesAndTheTimeout() throws {
    let scenario = try releaseScenario()
    let report = estimate(scenario)
    let html = HTMLReport.render(report, scenario: scenario)
    #expect(occurrences(of: "<line class=\"percentile\"", in: html) == 3)
    #expect(occurrences(of: "<line class=\"timeout\"", in: html) == 1)
    for p in [50.0, 90, 99] {
        #expect(html.contains("p\(Int(p)) \(EstimateReport.span(report.completion.percentile(p)))"))
    }
    #expect(html.contains("timeout 3h"))
    #expect(html.contains("completion time (hours from the instance&#39;s start)"))
    #expect(occurrences(of: "<rect class=\"bin\"", in: html) > 5)
}

@Test func aTimeoutFarBeyondEveryRunIsMarkedOffTheScale() throws {
    let scenario = try releaseScenario(timeout: "30d")
    let html = HTMLReport.render(estimate(scenario, runs: 51), scenario: scenario)
    #expect(html.contains("timeout 30d (off the scale) →"))
    #expect(occurrences(of: "<line class=\"timeout\"", in: html) == 1)
}

@Test func stepNamesAndTeamsAreEscaped() throws {
    let scenario = try releaseScenario()
    let html = HTMLReport.render(estimate(scenario), scenario: scenario)
    #expect(html.contains("build &lt;fast&gt; &amp; &quot;clean&quot;"))
    #expect(html.contains("dev&lt;&amp;&gt;&quot;ops"))
    #expect(!html.contains("<fast>"))
    #expect(!html.contains("dev<&>"))
}

@Test func escapingReplacesEveryCharacterHTMLTreatsSpecially() {
    #expect(
        HTMLEscaping.escape("<a href='x'>Q&A \"now\"</a>")
            == "&lt;a href=&#39;x&#39;&gt;Q&amp;A &quot;now&quot;&lt;/a&gt;")
    #expect(HTMLEscaping.escape("plain text, ünïcode ✓") == "plain text, ünïcode ✓")
    #expect(HTMLEscaping.escape("&amp;") == "&amp;amp;")
    #expect(HTMLEscaping.truncate("update_production_teams.sales-team", to: 12) == "update_prod…")
    #expect(HTMLEscaping.truncate("short", to: 12) == "short")
}

@Test func theSameEstimateRendersToTheSameBytes() throws {
    let scenario = try releaseScenario()
    let once = HTMLReport.render(estimate(scenario, jobs: 1), scenario: scenario)
    #expect(once == HTMLReport.render(estimate(scenario, jobs: 1), scenario: scenario))
    #expect(once == HTMLReport.render(estimate(scenario, jobs: 3), scenario: scenario))
}

@Test func anEstimateWithoutRunsStillRenders() throws {
    let scenario = try releaseScenario()
    let html = HTMLReport.render(estimate(scenario, runs: 0), scenario: scenario)
    #expect(html.contains("No instance finished"))
    #expect(!html.contains("<svg"))
    #expect(html.hasSuffix("</html>\n"))
}

@Test func timeAxesUseRoundStepsInOneUnit() {
    let hours = TimeAxis(from: 0, to: 30 * 3_600, maximumTicks: 12)
    #expect(hours.step == 3 * 3_600)
    #expect(hours.unitName == "hours")
    #expect(
        hours.ticks.map(hours.label) == [
            "0", "3", "6", "9", "12", "15", "18", "21", "24", "27", "30",
        ])
    let days = TimeAxis(from: 40 * 3_600, to: 9 * 86_400, maximumTicks: 12)
    #expect(days.unitName == "days")
    #expect(days.lower == 86_400)
    #expect(days.ticks.map(days.label) == ["1", "2", "3", "4", "5", "6", "7", "8", "9"])
    let minutes = TimeAxis(from: 0, to: 50 * 60, maximumTicks: 6)
    #expect(minutes.unitName == "minutes")
    #expect(minutes.ticks.map(minutes.label) == ["0", "10", "20", "30", "40", "50"])
}
