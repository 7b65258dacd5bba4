import ChoreoEngine
import Foundation
import GRDB

/// Instance rows: the seed's columns (status, current step, context) beside the snapshot
/// that, with the history in `workflow_events`, rebuilds the `InstanceState`.
extension SQLiteStore {
    /// The `workflow_definitions` id of `definition`: `ai-model-update-v1`.
    static func definitionID(_ definition: WorkflowDefinition) -> String {
        "\(definition.name)-v\(definition.version ?? "1")"
    }

    /// Inserts the row of a new instance as it is now: the definition row first if it is
    /// new, then every column.
    func insertInstanceRow(_ instance: InstanceState, using insert: inout BoundStatement) {
        let definition = instance.program.definition
        let definitionID = SQLiteStore.definitionID(definition)
        if !storedDefinitions.contains(definitionID) {
            let source =
                sources[definitionID]
                ?? (try? String(contentsOfFile: definition.file, encoding: .utf8)) ?? ""
            var row = BoundStatement(.insertDefinition, tape: tape)
            row.bind(definitionID)
            row.bind(definition.name)
            row.bind(definition.version ?? "1")
            row.bind(source)
            row.run()
            storedDefinitions.insert(definitionID)
        }
        insert.bind(instance.id)
        insert.bind(instance.serial)
        insert.bind(definitionID)
        insert.bind(time: instance.startedAt)
        bindChangingColumns(of: instance, to: &insert)
        insert.run()
    }

    /// The instance the query's first row's `state` and `context` describe, cached from now
    /// on.
    func loadInstance(_ db: Database, sql: String, _ key: any DatabaseValueConvertible) throws
        -> InstanceState?
    {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [key])
        else { return nil }
        let instance = try restore(db, state: row["state"], context: row["context"])
        instances[instance.serial] = instance
        serialsByID[instance.id] = instance.serial
        writtenHistory[instance.serial] = instance.history.count
        if instance.status.isFinal { finishedInstances.append(instance.serial) }
        return instance
    }

    private func restore(_ db: Database, state: String, context: String) throws
        -> InstanceState
    {
        var stored: StoredSnapshot
        do {
            stored = try decoder.decode(StoredSnapshot.self, from: Data(state.utf8))
        } catch {
            throw SQLiteStoreError.unreadableInstance(
                path: path, instance: "?", detail: "its state is not a snapshot: \(error)")
        }
        let id = stored.snapshot.id
        let program = try program(db, named: stored.snapshot.workflow, instance: id)
        do {
            try stored.restoreNodes(context: context, program: program, decoder: decoder)
        } catch {
            throw SQLiteStoreError.unreadableInstance(
                path: path, instance: id, detail: "its nodes do not load: \(error)")
        }
        stored.snapshot.history = try readHistory(db, instanceID: id, program: program)
        do {
            return try InstanceState(restoring: stored.restored(program: program), program: program)
        } catch {
            throw SQLiteStoreError.unreadableInstance(
                path: path, instance: id, detail: error.message)
        }
    }

    /// The program of the definition (name and version) instance `instance` was started
    /// with: the registered one, else the one its stored source gives.
    private func program(_ db: Database, named name: String, instance: String) throws
        -> WorkflowProgram
    {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT d.id, d.source FROM workflow_definitions d
                JOIN workflow_instances i ON i.workflow_definition_id = d.id WHERE i.id = ?
                """, arguments: [instance])
        guard let row else { throw SQLiteStoreError.unknownWorkflow(path: path, definition: name) }
        let definitionID: String = row["id"]
        if let program = programs[definitionID] { return program }
        guard let source: String = row["source"], !source.isEmpty else {
            throw SQLiteStoreError.unknownWorkflow(path: path, definition: definitionID)
        }
        do {
            let program = WorkflowProgram(try WorkflowLoader.load(yaml: source, file: definitionID))
            programs[definitionID] = program
            return program
        } catch {
            throw SQLiteStoreError.unreadableInstance(
                path: path, instance: instance, detail: "its stored workflow does not load")
        }
    }

    /// The source stored for `definition`'s name and version, if an instance of it was
    /// ever stored: a changed file under the same version must not silently replace it.
    public func storedSource(of definition: WorkflowDefinition) -> String? {
        read("read a stored definition") { db in
            try String.fetchOne(
                db, sql: "SELECT source FROM workflow_definitions WHERE id = ?",
                arguments: [SQLiteStore.definitionID(definition)])
        }
    }

    // MARK: Counters

    func readCounters(_ db: Database) throws -> EngineCounters {
        var counters = EngineCounters()
        for row in try Row.fetchAll(db, sql: "SELECT name, value FROM counters") {
            let name: String = row["name"]
            let value: Int = row["value"]
            switch name {
            case "last_instance": counters.lastInstance = value
            case "last_task": counters.lastTask = value
            case "last_timer": counters.lastTimer = value
            default:
                if name.hasPrefix("day:") {
                    counters.instancesPerDay[String(name.dropFirst(4))] = value
                }
            }
        }
        return counters
    }

    func writeCounters() {
        guard counters != savedCounters else { return }
        // Bound and run through the C API: per-command mode saves a counter or two with
        // every command, and GRDB's arguments cost more than the statement.
        var upsert = BoundStatement(.saveCounter, tape: tape)
        func save(_ name: String, _ value: Int) {
            upsert.bind(name)
            upsert.bind(value)
            upsert.run()
        }
        let pairs = [
            ("last_instance", counters.lastInstance, savedCounters.lastInstance),
            ("last_task", counters.lastTask, savedCounters.lastTask),
            ("last_timer", counters.lastTimer, savedCounters.lastTimer),
        ]
        for (name, value, saved) in pairs where value != saved {
            save(name, value)
        }
        for (prefix, value) in counters.instancesPerDay
        where savedCounters.instancesPerDay[prefix] != value {
            save("day:" + prefix, value)
        }
        savedCounters = counters
    }
}

/// The `context` column: the inputs, and under `steps` each step that began, with its
/// status and outputs, so that `json_extract(context, '$.steps.x.outputs.cost_delta')`
/// works as in the seed.
enum InstanceContext {
    static func value(_ instance: InstanceState) -> Value {
        var members: [String: Value] = [:]
        if case .object(let inputs) = instance.inputs { members = inputs }
        var steps: [String: Value] = [:]
        let definition = instance.program.definition
        for index in 0..<instance.program.stepCount {
            let node = instance.nodes[index]
            guard node.status != .waiting || node.outputs != nil else { continue }
            var step: [String: Value] = ["status": .string(node.status.rawValue)]
            if let outputs = node.outputs { step["outputs"] = outputs }
            steps[definition.steps[index].id] = .object(step)
        }
        members["steps"] = .object(steps)
        return .object(members)
    }
}
