import ChoreoReports
import Foundation
import Testing

let repositoryRoot = #filePath.components(separatedBy: "/Tests/").first!

func shippedScenario(_ name: String) throws -> Scenario {
    try ScenarioLoader.load(path: repositoryRoot + "/Scenarios/ai-model-update/\(name).yaml")
}

/// Every output format of one run of `scenario` with `seed`.
func renderings(_ scenario: Scenario, seed: UInt64? = nil) throws -> [String] {
    let simulation = Simulation(scenario: scenario, seed: seed)
    try simulation.run()
    let instances = simulation.store.allInstances
    return [
        instances.map(ExecutionLog.render).joined(),
        instances.map(JSONLines.render).joined(),
        ChromeTrace.render(instances, timings: simulation.timings),
        instances.map(MermaidGantt.render).joined(),
        instances.map { RunSummary.value($0).prettyJSON }.joined(),
    ]
}

@Test func theSeedWalkthroughLogMatchesItsGoldenFile() throws {
    let log = try renderings(shippedScenario("seed-walkthrough"))[0]
    let golden = repositoryRoot + "/Tests/ChoreoReportsTests/Golden/seed-walkthrough.log"
    if ProcessInfo.processInfo.environment["CHOREO_UPDATE_GOLDEN"] == "1" {
        try log.write(toFile: golden, atomically: true, encoding: .utf8)
    }
    #expect(log == (try String(contentsOfFile: golden, encoding: .utf8)))
}

@Test func theSeedWalkthroughLogHoldsTheSeedsLinesAndTimes() throws {
    let log = try renderings(shippedScenario("seed-walkthrough"))[0]
    // The seed's own log lines, at its times (within the seconds it adds between actions).
    for line in [
        "[2025-01-22 10:00:00] Workflow started: ai-model-update",
        "[2025-01-22 10:15:32] engineering-team claimed task 'initial_assessment'",
        "[2025-01-22 10:45:12] Step 'initial_assessment' completed",
        "  - Output: cost_delta = 650",
        "[2025-01-22 10:45:12] Condition 'check_cost_increase' evaluated: true (650 > 500)",
        "[2025-01-22 10:45:12] Step 'cost_approval' waiting for CFO approval",
        "[2025-01-22 11:30:22] CFO approved 'cost_approval'",
        "[2025-01-22 11:30:22] Starting parallel step 'test_teams'",
        "  - test_sales assigned to sales-team",
        "[2025-01-22 12:00:00] Step 'test_engineering' completed",
        "[2025-01-22 12:05:00] Step 'test_sales' completed: PARTIAL",
        "[2025-01-22 12:10:00] Step 'test_marketing' completed",
        "[2025-01-22 12:25:00] Step 'analyze_results' completed",
        "  - Output: recommendation = \"proceed\"",
        "[2025-01-22 12:25:00] Condition 'deployment_decision' evaluated: true",
        "[2025-01-22 12:30:00] Step 'create_rollback_plan' completed",
        "[2025-01-22 14:30:29] Step 'monitor_stage1' completed",
        "[2025-01-22 18:31:00] Step 'monitor_stage2' completed",
        "[2025-01-22 18:45:00] Workflow completed successfully",
    ] {
        #expect(log.contains(line + "\n"), "missing: \(line)")
    }
}

@Test func theSameScenarioAndSeedGiveByteIdenticalOutputInEveryFormat() throws {
    let scenario = try shippedScenario("typical-week")
    let first = try renderings(scenario)
    #expect(try first == renderings(scenario))
    let other = try renderings(scenario, seed: 99)
    #expect(first[0] != other[0])
}

@Test func theChromeTraceNeverOverlapsWorkOnOneTrack() throws {
    let scenario = try shippedScenario("typical-week")
    let trace = try renderings(scenario)[2]
    guard case .object(let object) = try parseJSON(trace),
        case .list(let events) = object["traceEvents"] ?? .null
    else {
        Issue.record("not a trace")
        return
    }
    var tracks: [String: [(Double, Double)]] = [:]
    for event in events where event["ph"] == "X" {
        let key = "\(event["pid"].json)/\(event["tid"].json)"
        tracks[key, default: []].append((event["ts"].numberValue!, event["dur"].numberValue!))
    }
    #expect(tracks.count > 5)
    for spans in tracks.values {
        let sorted = spans.sorted { $0.0 < $1.0 }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            #expect(earlier.0 + earlier.1 <= later.0)
        }
    }
}

/// Parses JSON with Foundation into a `Value` (for checking outputs only: booleans come
/// back as numbers).
func parseJSON(_ text: String) throws -> Value {
    func convert(_ any: Any) -> Value {
        switch any {
        case let number as NSNumber: return .number(number.doubleValue)  // booleans too
        case let text as String: return .string(text)
        case let list as [Any]: return .list(list.map(convert))
        case let object as [String: Any]: return .object(object.mapValues(convert))
        default: return .null
        }
    }
    return convert(try JSONSerialization.jsonObject(with: Data(text.utf8)))
}
