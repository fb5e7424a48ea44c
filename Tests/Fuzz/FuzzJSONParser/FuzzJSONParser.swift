// libFuzzer entry point for Sira's JSON parser and writer. Built only by scripts/fuzz-parser
// (SIRA_FUZZ=1 adds this target to the package), with `-sanitize=fuzzer,address`.
//
// Besides crashes (every request body goes through this parser), it checks the round trip: what
// parses, written and parsed again, is the same value, and writing it again gives the same bytes.

import SiraCore

/// One fuzz input: parse it; if it is JSON, write, re-parse and re-write, and require agreement.
/// - Parameters:
///   - data: The input bytes.
///   - size: How many bytes.
/// - Returns: 0, as libFuzzer expects.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONValue(parsing: bytes) else { return 0 }
    let written = value.jsonBytes()
    guard let again = try? JSONValue(parsing: written) else {
        fatalError("the writer produced text the parser refuses")
    }
    if !again.isSameJSON(as: value) { fatalError("a round trip changed the value") }
    if again.jsonBytes() != written { fatalError("writing is not stable") }
    return 0
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
