// libFuzzer entry point for the HTTP request parser. Built only by scripts/fuzz-parser
// (SIRA_FUZZ=1 adds this target to the package), with `-sanitize=fuzzer,address`.
//
// Each input is fed to a parser twice: whole, and split at a point derived from the input, and the
// two event sequences must agree. Besides crashes, this checks the parser's central promise: the
// result never depends on how the bytes arrive.

import SiraCore
import SiraHTTPParser

/// One fuzz input: parse it whole and split, and require the same events.
/// - Parameters:
///   - data: The input bytes.
///   - size: How many bytes.
/// - Returns: 0, as libFuzzer expects.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPParserLimits(
        maxTargetLength: 256,
        maxHeaderSectionSize: 1024,
        maxHeaderCount: 16,
        maxBodySize: 4096,
        maxChunkExtensionLength: 32,
        maxTrailerSectionSize: 256
    )
    let whole = events([bytes], limits: limits)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    let pieces = [Array(bytes[..<split]), Array(bytes[split...])]
    if events(pieces, limits: limits) != whole {
        fatalError("segmentation changed the result at split \(split)")
    }
    return 0
}

private func events(_ pieces: [[UInt8]], limits: HTTPParserLimits) -> [HTTPParserEvent] {
    var parser = HTTPRequestParser(limits: limits)
    var result: [HTTPParserEvent] = []
    for piece in pieces {
        parser.append(piece)
        while let event = parser.next() {
            if case .body(let more) = event, case .body(let previous)? = result.last {
                result[result.count - 1] = .body(previous + more)
            } else {
                result.append(event)
            }
        }
    }
    return result
}

// SwiftPM links an executable target's entry point as `<target>_main`; libFuzzer normally brings its
// own `main`. This entry point hands control to libFuzzer's driver, so the target builds with
// plain `swift build`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program's entry point: runs libFuzzer's driver with `fuzzHTTPParser` as the target.
/// - Parameters:
///   - argc: The argument count.
///   - argv: The arguments.
/// - Returns: libFuzzer's exit status.
@_cdecl("fuzz_http_parser_main")
public func fuzzMain(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzHTTPParser(UnsafePointer(bitPattern: 1)!, 0) }
        return fuzzHTTPParser(data, size)
    }
}
