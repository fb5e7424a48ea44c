// libFuzzer entry point for Sira's JSON parser and writer. Built only by scripts/fuzz-parser
// (SIRA_FUZZ=1 adds this target to the package), with `-sanitize=fuzzer,address`.
//
// Besides crashes (every request body goes through this parser), it checks the round trip: what
// parses, written and parsed again, is the same value, and writing it again gives the same bytes.
// And it checks the pass-through path's scan against the parser: `JSONObjectScan` accepts exactly the
// objects the parser accepts (except numbers out of range, which it does not check), and each value
// it finds parses to the parser's.

import SiraCore

/// One fuzz input: parse it; if it is JSON, write, re-parse and re-write, and require agreement.
/// - Parameters:
///   - data: The input bytes.
///   - size: How many bytes.
/// - Returns: 0, as libFuzzer expects.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkScan(bytes)
    guard let value = try? JSONValue(parsing: bytes) else { return 0 }
    let written = value.jsonBytes()
    guard let again = try? JSONValue(parsing: written) else {
        fatalError("the writer produced text the parser refuses")
    }
    if !again.isSameJSON(as: value) { fatalError("a round trip changed the value") }
    if again.jsonBytes() != written { fatalError("writing is not stable") }
    return 0
}

/// The scan agrees with the parser on `bytes`.
/// - Parameter bytes: The input.
func checkScan(_ bytes: [UInt8]) {
    var scanError: (any Error)?
    let scan: JSONObjectScan?
    do { scan = try JSONObjectScan(bytes) } catch {
        scan = nil
        scanError = error
    }
    let parsed: JSONValue
    do {
        parsed = try JSONValue(parsing: bytes)
    } catch {
        // The one thing the scan leaves to the upstream: a number too large for a Double.
        if String(describing: error).contains("out of range") { return }
        guard case DecodingError.dataCorrupted? = scanError else {
            fatalError("the parser refuses text the scan did not call invalid JSON: \(error)")
        }
        return
    }
    guard let object = parsed.objectValue else {
        guard case DecodingError.typeMismatch? = scanError else {
            fatalError("the scan did not call JSON that is not an object a type mismatch")
        }
        return
    }
    guard let scan else { fatalError("the scan refused an object the parser accepts") }
    var firstSeen: [String] = []
    for member in scan.members where !firstSeen.contains(member.name) { firstSeen.append(member.name) }
    if firstSeen != Array(object.keys) { fatalError("the scan found other members than the parser") }
    for (name, value) in object {
        guard let range = scan.last(name), let found = try? JSONValue(parsing: bytes[range]),
            found.isSameJSON(as: value)
        else { fatalError("the scan found another value for '\(name)'") }
    }
}

// SwiftPM links an executable target's entry point as `<target>_main`; libFuzzer normally brings its
// own `main`. This entry point hands control to libFuzzer's driver, so the target builds with
// plain `swift build` (as Tests/Fuzz/FuzzHTTPParser does).
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program's entry point: runs libFuzzer's driver with `fuzzJSONParser` as the target.
/// - Parameters:
///   - argc: The argument count.
///   - argv: The arguments.
/// - Returns: libFuzzer's exit status.
@_cdecl("fuzz_json_parser_main")
public func fuzzMain(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzzJSONParser(data, size)
    }
}
