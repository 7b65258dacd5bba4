import ChoreoEngine

/// A live command that was refused: nothing changed. Engine refusals keep their code;
/// the live layer adds its own for what never reaches the engine.
public struct LiveRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// `wrong_team`, `invalid_inputs`, `invalid_arguments`, … (`EngineError.Code` values
    /// and the live layer's own).
    public var code: String
    /// A sentence for people.
    public var message: String

    public init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public init(_ error: EngineError) {
        self.init(code: error.code.rawValue, error.message)
    }

    /// Arguments that do not say what the command needs.
    public static func invalidArguments(_ message: String) -> LiveRefusal {
        LiveRefusal(code: "invalid_arguments", message)
    }

    /// No instance has this id.
    public static func unknownInstance(_ id: String) -> LiveRefusal {
        LiveRefusal(code: EngineError.Code.unknownInstance.rawValue, "no instance '\(id)'")
    }

    public var description: String { message }

    /// `{error: {code, message}}`: how a refusal reads as JSON.
    public var value: Value {
        ["error": ["code": .string(code), "message": .string(message)]]
    }
}
