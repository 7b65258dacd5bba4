import Yams

/// The workflow's `error_handlers:` list.
extension LoadSession {
    static let handlerKeysByAction: [(action: String, keys: [String])] = [
        ("retry", ["max_attempts", "backoff", "then"]),
        ("escalate", []),
        ("custom", ["handler"]),
        ("notify", ["recipients"]),
    ]

    /// Every handler of the list; a handler with errors is left out (the load fails anyway).
    func buildHandlers(_ node: Node) -> [ErrorHandler] {
        guard let items = list(node, for: "error_handlers") else { return [] }
        var handlers: [ErrorHandler] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            guard let handler = buildHandler(item) else { continue }
            // Two handlers of one action for one error type would compete; say which wins.
            let key = handler.errorType + "\u{0}" + handler.actionName
            if let first = seen[key] {
                error(
                    "a second '\(handler.actionName)' handler for '\(handler.errorType)' "
                        + "(the first is at \(first))", at: handler.location)
            } else {
                seen[key] = handler.location
            }
            handlers.append(handler)
        }
        return handlers
    }

    private func buildHandler(_ node: Node) -> ErrorHandler? {
        guard let reader = MappingReader(node, what: "an error handler", session: self) else {
            return nil
        }
        let errorType = reader.required("error_type").flatMap { name($0, for: "error_type") }
        var actionName: String?
        if reader.required("action") != nil {
            actionName = reader.choice("action", of: HandlerAction.self)?.rawValue
        }
        let allowed =
            ["error_type", "action", "description"]
            + (LoadSession.handlerKeysByAction.first { $0.action == actionName }?.keys ?? [])
        if actionName != nil {
            reader.checkKeys(allowed) { key in
                guard
                    let owner = LoadSession.handlerKeysByAction.first(where: {
                        $0.keys.contains(key)
                    })
                else { return nil }
                return
                    "does not apply to a '\(actionName ?? "")' handler "
                    + "(it belongs to '\(owner.action)')"
            }
        }
        let action: ErrorHandler.Action?
        switch actionName {
        case "retry": action = retryAction(reader)
        case "escalate": action = .escalate
        case "custom": action = customAction(reader, prefix: errorType ?? "handler")
        case "notify": action = notifyAction(reader)
        default: action = nil
        }
        guard let errorType, let action else { return nil }
        return ErrorHandler(errorType: errorType, action: action, location: reader.location)
    }

    private func retryAction(_ reader: MappingReader) -> ErrorHandler.Action? {
        var attempts: Int?
        if let node = reader.required("max_attempts", in: "a retry handler"),
            let value = integer(node, for: "max_attempts")
        {
            if value < 1 {
                error(
                    "'max_attempts' counts every attempt, the first included: "
                        + "at least 1, found \(value)",
                    at: node)
            } else {
                attempts = value
            }
        }
        let backoff = reader.duration("backoff")
        let then = reader.choice("then", of: ErrorHandler.FollowUp.self)
        return attempts.map { .retry(maxAttempts: $0, backoff: backoff, then: then) }
    }

    private func customAction(_ reader: MappingReader, prefix: String) -> ErrorHandler.Action? {
        guard let node = reader.required("handler", in: "a custom handler"),
            let items = list(node, for: "handler")
        else { return nil }
        guard !items.isEmpty else {
            error("a custom handler needs at least one step in 'handler'", at: node)
            return nil
        }
        return .custom(steps: buildSteps(items, parent: nil, prefix: prefix))
    }

    private func notifyAction(_ reader: MappingReader) -> ErrorHandler.Action? {
        guard let node = reader.required("recipients", in: "a notify handler"),
            let items = list(node, for: "recipients")
        else { return nil }
        guard !items.isEmpty else {
            error("a notify handler needs at least one team in 'recipients'", at: node)
            return nil
        }
        let recipients = items.compactMap { name($0, for: "recipients") }
        guard recipients.count == items.count else { return nil }
        return .notify(recipients: recipients)
    }
}

/// The words `action:` accepts in an error handler.
enum HandlerAction: String, CaseIterable {
    case retry, escalate, custom, notify
}
