// A thin reader over Yams' node tree that remembers where each value came from, so every error
// can name its file, line and key path. Environment references are expanded as scalars are read.

import Yams

/// A YAML value with its place in the file.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String
    let environment: [String: String]

    var line: Int { node.mark?.line ?? 0 }

    func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, path: path, message: message)
    }

    func child(_ node: Node, _ key: String) -> ConfigNode {
        ConfigNode(
            node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file, environment: environment)
    }

    /// The mapping's entries in file order; unknown keys are an error (a typo must not be ignored).
    func mapping(allowed: Set<String>? = nil) throws -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else { throw error("must be a mapping") }
        return try mapping.map { key, value in
            guard case .scalar(let scalar) = key else { throw child(key, "?").error("keys must be strings") }
            if let allowed, !allowed.contains(scalar.string) {
                let expected = allowed.sorted().joined(separator: ", ")
                throw child(key, scalar.string).error("unknown key (expected one of: \(expected))")
            }
            return (scalar.string, child(value, scalar.string))
        }
    }

    func sequence() throws -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("must be a list") }
        return sequence.enumerated().map { index, item in
            ConfigNode(node: item, path: "\(path)[\(index)]", file: file, environment: environment)
        }
    }

    /// The scalar as a string, with `${VAR}` and `${VAR:-default}` replaced from the environment.
    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("must be a string") }
        return try EnvironmentReference.expand(scalar.string, environment: environment, at: self)
    }

    func int(in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(try string()), range.contains(value) else {
            throw error("must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func number(atLeast minimum: Double) throws -> Double {
        guard let value = Double(try string()), value >= minimum, value <= 1e9 else {
            throw error("must be a number from \(minimum) to 1e9")
        }
        return value
    }

    func bool() throws -> Bool {
        switch try string() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("must be true or false")
        }
    }

    /// A size in bytes: a whole number, or with a unit (`512KiB`, `256MiB`, `1GiB`, `1TiB`; `KB`, `MB`,
    /// `GB`, `TB` are powers of ten), at least 1 KiB and at most 1 TiB.
    func bytes() throws -> Int {
        let text = try string()
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40), ("KB", 1000), ("MB", 1_000_000),
            ("GB", 1_000_000_000), ("TB", 1_000_000_000_000), ("B", 1),
        ]
        let unit = units.first { text.hasSuffix($0.0) }
        let number = unit.map { String(text.dropLast($0.0.count)) } ?? text
        if let value = Int(number.trimmingCharacters(in: .whitespaces)), value > 0 {
            let (total, overflow) = value.multipliedReportingOverflow(by: unit?.1 ?? 1)
            if !overflow, (1 << 10)...(1 << 40) ~= total { return total }
        }
        throw error("must be a size from 1KiB to 1TiB, such as 256MiB")
    }

    /// A share: a number from 0 to 1, or a percentage (`50%`).
    func share() throws -> Double {
        let text = try string()
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, (0...1).contains(value) else { throw error("must be a share from 0 to 1, or from 0% to 100%") }
        return value
    }

    /// A duration: seconds as a number, or with a unit (`500ms`, `30s`, `10m`).
    func duration() throws -> Duration {
        let text = try string()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        let day = 86_400_000.0
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value > 0, value * scale * 1000 <= day {
                return .milliseconds(Int64(value * scale * 1000))
            }
        }
        if let value = Double(text), value > 0, value * 1000 <= day { return .milliseconds(Int64(value * 1000)) }
        throw error("must be a positive duration of at most a day, such as 30s, 500ms or 10m")
    }
}

/// `${NAME}` references in configuration values.
enum EnvironmentReference {
    /// The variable names referenced in `text` (defaults left out: they may be secrets).
    static func names(in text: String) -> [String] {
        text.components(separatedBy: "${").dropFirst().compactMap { piece in
            guard let end = piece.firstIndex(of: "}") else { return nil }
            return piece[..<end].components(separatedBy: ":-").first
        }
    }

    /// Replaces every `${NAME}` (or `${NAME:-default}`) in `text`.
    /// - Throws: `ConfigurationError` naming the variable when it is unset and has no default, or
    ///   when a reference is not closed.
    static func expand(_ text: String, environment: [String: String], at node: ConfigNode) throws -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw node.error("an environment reference is not closed with '}'")
            }
            let reference = rest[start.upperBound..<end]
            let parts = reference.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw node.error("an environment reference does not name a variable (letters, digits and '_')")
            }
            if let value = environment[name], !value.isEmpty {
                result += value
            } else if parts.count == 2 {
                result += parts[1]
            } else {
                throw node.error("the environment variable \(name) is not set")
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}
