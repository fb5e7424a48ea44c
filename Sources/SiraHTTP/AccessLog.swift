// The access log: one line per request, written off the request path. A request only appends its line
// to a buffer in memory; a thread of the log's own writes the buffer out every 50 ms.

import Foundation
import SiraCore
import Synchronization

/// One line per request (`request-id=… method=… path=… status=… bytes-in=… bytes-out=… duration-ms=…`),
/// written off the request path.
///
/// Why not a `Logger.info` per request, as before: swift-log's stream handler formats a timestamp and
/// sorts the metadata, then writes and flushes the line with a system call, all on the request's
/// thread. That cost 40% of `/health` throughput (docs/benchmarks.md). Here a request formats its line
/// into bytes and appends it to a buffer under a lock; a thread of the log's own wakes every
/// `flushInterval`, takes the whole buffer and writes it with one `write` call. A stalled output (a
/// full pipe, a slow disk) stalls that thread only: once `maxBufferedBytes` are waiting, new lines are
/// dropped and counted, and the count is written as a line of its own when the output moves again.
/// The log never makes a request wait.
public final class AccessLog: Sendable {
    /// What is known about a finished request.
    public struct Entry: Sendable {
        /// The request's id.
        public var requestID: String
        /// The method.
        public var method: String
        /// The request target (at most its first 200 characters are written).
        public var path: String
        /// The response status.
        public var status: Int
        /// Body bytes received.
        public var bytesIn: Int
        /// Body bytes sent.
        public var bytesOut: Int
        /// From the request head's arrival to the response's last byte.
        public var duration: Duration

        /// Creates an entry.
        /// - Parameters:
        ///   - requestID: The request's id.
        ///   - method: The method.
        ///   - path: The request target.
        ///   - status: The response status.
        ///   - bytesIn: Body bytes received.
        ///   - bytesOut: Body bytes sent.
        ///   - duration: How long the request took.
        public init(
            requestID: String, method: String, path: String, status: Int, bytesIn: Int, bytesOut: Int,
            duration: Duration
        ) {
            self.requestID = requestID
            self.method = method
            self.path = path
            self.status = status
            self.bytesIn = bytesIn
            self.bytesOut = bytesOut
            self.duration = duration
        }
    }

    private struct State {
        var buffer: [UInt8] = []
        var dropped = 0
        var stopped = false
        var writerStarted = false
    }

    /// The log of the process's standard output, shared by every server in it.
    public static let standardOutput = AccessLog(fileDescriptor: 1)

    private let fileDescriptor: Int32
    private let maxBufferedBytes: Int
    private let flushInterval: Duration
    private let state = Mutex(State())
    /// Held while bytes are written, so the thread and `flush()` never interleave their writes.
    private let writing = Mutex(())
    private let timestamps = Mutex<(second: Int, text: [UInt8])>((-1, []))

    /// Creates a log writing to a file descriptor, which it does not close.
    /// - Parameters:
    ///   - fileDescriptor: Where lines go (1: standard output).
    ///   - maxBufferedBytes: How much may wait for the output before lines are dropped; 1 MiB by default.
    ///   - flushInterval: How often the buffer is written out; 50 ms by default.
    public init(fileDescriptor: Int32, maxBufferedBytes: Int = 1 << 20, flushInterval: Duration = .milliseconds(50)) {
        self.fileDescriptor = fileDescriptor
        self.maxBufferedBytes = maxBufferedBytes
        self.flushInterval = flushInterval
    }

    /// Appends a request's line; it is written within `flushInterval`.
    /// - Parameter entry: The request.
    public func record(_ entry: Entry) {
        var line: [UInt8] = []
        line.reserveCapacity(192)
        line += timestamp()
        line += Array(" info access: request-id=".utf8)
        line += Array(entry.requestID.utf8)
        line += Array(" method=".utf8)
        line += Array(entry.method.utf8)
        line += Array(" path=".utf8)
        // The parser admits only visible ASCII in a target, so it cannot break the line.
        line += Array(entry.path.utf8.prefix(200))
        line += Array(" status=\(entry.status) bytes-in=\(entry.bytesIn) bytes-out=\(entry.bytesOut)".utf8)
        let microseconds = entry.duration.nanoseconds / 1000
        line += Array(" duration-ms=\(microseconds / 1000).\(Self.threeDigits(Int(microseconds % 1000)))\n".utf8)
        let startWriter = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            if state.buffer.count + line.count > maxBufferedBytes {
                state.dropped += 1
            } else {
                state.buffer += line
            }
            defer { state.writerStarted = true }
            return !state.writerStarted
        }
        if startWriter { startWriterThread() }
    }

    /// Writes out everything recorded so far (at a server's shutdown, and in tests).
    public func flush() {
        writing.withLock { _ in writeOut(take()) }
    }

    /// Writes out what was recorded and stops the writer thread; later lines are ignored. For a log
    /// whose file descriptor is about to be closed (the shared `standardOutput` is never stopped).
    public func stop() {
        state.withLock { $0.stopped = true }
        flush()
    }

    /// How many lines were dropped because the output did not keep up.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    /// Takes the buffer, and a line about dropped lines if there were any.
    private func take() -> [UInt8] {
        state.withLock { state in
            var bytes = state.buffer
            state.buffer = []
            state.buffer.reserveCapacity(min(bytes.count, maxBufferedBytes))
            if state.dropped > 0 {
                bytes += Array("access log: \(state.dropped) lines dropped (the output did not keep up)\n".utf8)
                state.dropped = 0
            }
            return bytes
        }
    }

    /// Writes whole lines, at most 4 KiB (`PIPE_BUF`) at a time: a write that small to a pipe is never
    /// split, so other writers to the same output (the process's other log lines) fall between lines,
    /// never inside one.
    private func writeOut(_ bytes: [UInt8]) {
        var start = 0
        while start < bytes.count {
            var end = min(bytes.count, start + 4096)
            if end < bytes.count, let newline = bytes[start..<end].lastIndex(of: UInt8(ascii: "\n")) {
                end = newline + 1
            }
            var offset = start
            while offset < end {
                let written = bytes[offset..<end].withUnsafeBytes { write(fileDescriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // the output is gone; nothing sensible is left to do with the lines
                }
                offset += written
            }
            start = end
        }
    }

    private func startWriterThread() {
        let thread = Thread { [self] in
            let pause = flushInterval.seconds
            while !state.withLock({ $0.stopped }) {
                Thread.sleep(forTimeInterval: pause)
                writing.withLock { _ in writeOut(take()) }
            }
        }
        thread.name = "sira-access-log"
        thread.start()
    }

    /// `2026-12-06T13:04:19+0000`, formatted once a second.
    private func timestamp() -> [UInt8] {
        var seconds = time(nil)
        if let cached = timestamps.withLock({ $0.second == seconds ? $0.text : nil }) { return cached }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = Array(
            ("\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
                + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))+0000").utf8)
        timestamps.withLock { $0 = (seconds, text) }
        return text
    }

    private static func threeDigits(_ value: Int) -> String {
        value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
    }
}
