import Yams

/// The top of a workflow file: its fields, inputs, outputs, body and handlers.
extension LoadSession {
    static let workflowKeys = [
        "name", "version", "description", "timeout", "inputs", "outputs", "steps",
        "error_handlers", "escalation_team",
    ]

    /// The definition as far as it could be read. Ids are not generated yet and
    /// references not bound; with errors reported, it is only good for further checks.
    func buildWorkflow(_ root: Node) -> WorkflowDefinition? {
        guard let reader = MappingReader(root, what: "a workflow", session: self) else {
            return nil
        }
        reader.checkKeys(LoadSession.workflowKeys) { key in
            guard LoadSession.stepKeysByKind.contains(where: { $0.keys.contains(key) }) else {
                return nil
            }
            return
                "belongs to a step, not at the top of the workflow "
                + "(is a '- ' or an indent missing?)"
        }
        let name = reader.required("name").flatMap { self.name($0, for: "name") }
        let version = reader.value("version").flatMap { string($0, for: "version") }
        let description = reader.value("description").flatMap { string($0, for: "description") }
        let timeout = reader.duration("timeout")
        let inputs = reader.value("inputs").map(inputDefinitions) ?? []
        let outputs = reader.value("outputs").map(workflowOutputs) ?? []
        var body: [Int] = []
        if let node = reader.required("steps"), let items = list(node, for: "steps") {
            if items.isEmpty { error("a workflow needs at least one step in 'steps'", at: node) }
            body = buildSteps(items, parent: nil, prefix: name ?? "workflow")
        }
        let handlers = reader.value("error_handlers").map(buildHandlers) ?? []
        let escalationTeam = reader.value("escalation_team")
            .flatMap { self.name($0, for: "escalation_team") }
        return WorkflowDefinition(
            name: name ?? "", version: version, description: description, timeout: timeout,
            inputs: inputs, outputs: outputs, steps: steps, body: body, errorHandlers: handlers,
            escalationTeam: escalationTeam ?? "operations-team", file: file)
    }

    /// `inputs:`: a list of `{name, type, schema, required, description}` (or bare names).
    private func inputDefinitions(_ node: Node) -> [InputDefinition] {
        guard let items = list(node, for: "inputs") else { return [] }
        var inputs: [InputDefinition] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            guard let input = inputDefinition(item) else { continue }
            if let first = seen[input.name] {
                error(
                    "input '\(input.name)' is declared twice (first at \(first))",
                    at: input.location)
            } else {
                seen[input.name] = input.location
            }
            inputs.append(input)
        }
        return inputs
    }

    private func inputDefinition(_ node: Node) -> InputDefinition? {
        if case .scalar = node {
            return name(node, for: "inputs").map {
                InputDefinition(name: $0, type: .any, location: location(of: node))
            }
        }
        guard let reader = MappingReader(node, what: "an input", session: self) else { return nil }
        reader.checkKeys(["name", "type", "schema", "required", "description"])
        let name = reader.required("name").flatMap { self.name($0, for: "name") }
        var type = reader.choice("type", of: SchemaType.self)
        var schema: [SchemaField] = []
        if let schemaNode = reader.value("schema") {
            schema = schemaFields(schemaNode)
            if type == nil, !reader.has("type") { type = .object }
            if let type, type != .object {
                error(
                    "'schema' applies only to inputs of type object, not \(type.rawValue)",
                    at: schemaNode)
            }
        }
        var required = true
        if let node = reader.value("required") {
            if node.kindDescription == "a boolean", let flag = node.bool {
                required = flag
            } else {
                error("'required' expects true or false, found \(node.kindDescription)", at: node)
            }
        }
        guard let name else { return nil }
        return InputDefinition(
            name: name, type: type ?? .any, schema: schema, required: required,
            location: reader.location)
    }

    /// An object input's `schema:`, `member: type` in source order.
    private func schemaFields(_ node: Node) -> [SchemaField] {
        guard let reader = MappingReader(node, what: "'schema'", session: self) else { return [] }
        return reader.entries.compactMap { entry in
            choice(entry.value, for: "type", of: SchemaType.self).map {
                SchemaField(name: entry.key, type: $0)
            }
        }
    }

    /// `outputs:` at the top: a list of `{name}` or of bare names.
    private func workflowOutputs(_ node: Node) -> [String] {
        guard let items = list(node, for: "outputs") else { return [] }
        var names: [String] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            var nameNode = item
            if case .mapping = item {
                guard let reader = MappingReader(item, what: "an output", session: self) else {
                    continue
                }
                reader.checkKeys(["name", "description"])
                guard let node = reader.required("name") else { continue }
                nameNode = node
            }
            guard let name = name(nameNode, for: "name") else { continue }
            if let first = seen[name] {
                error("output '\(name)' is declared twice (first at \(first))", at: nameNode)
                continue
            }
            seen[name] = location(of: nameNode)
            names.append(name)
            workflowOutputLocations.append(location(of: nameNode))
        }
        return names
    }
}
