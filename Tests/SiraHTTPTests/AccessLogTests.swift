import Foundation
import SiraCore
import SiraHTTP
import SiraTesting
import Testing

@Suite("The access log: one line per request, written off the request path")
struct AccessLogTests {
    /// A log writing into a fresh file; `lines` reads what reached the file.
    final class LogFile: Sendable {
        let path: String
        let descriptor: Int32

        init() {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("sira-access-\(UUID()).log").path
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }

        var lines: [String] {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init)
        }

        deinit {
            close(descriptor)
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    func entry(_ id: Int, status: Int = 200) -> AccessLog.Entry {
        AccessLog.Entry(
            requestID: "req_\(id)", method: "GET", path: "/health", status: status, bytesIn: 0, bytesOut: 15,
            duration: .microseconds(1234))
    }

    @Test("lines reach the output in order within the flush interval, without a flush call")
    func written() async throws {
        let file = LogFile()
        let log = AccessLog(fileDescriptor: file.descriptor, flushInterval: .milliseconds(300))
        for id in 1...3 { log.record(entry(id)) }
        #expect(file.lines.isEmpty, "recording does not write: the request never waits for the output")
        var waited = 0
        while file.lines.count < 3, waited < 300 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(
            file.lines.map { $0.split(separator: " ")[3] } == [
                "request-id=req_1", "request-id=req_2", "request-id=req_3",
            ])
        #expect(
            file.lines.first?.hasSuffix(
                "info access: request-id=req_1 method=GET path=/health status=200 bytes-in=0 bytes-out=15 duration-ms=1.234"
            )
                == true, "\(file.lines.first ?? "")")
        log.stop()
    }

    @Test("when the output does not keep up, lines are dropped and counted, never queued without bound")
    func bounded() {
        let file = LogFile()
        // The writer thread sleeps for a minute: nothing drains the buffer but flush().
        let log = AccessLog(fileDescriptor: file.descriptor, maxBufferedBytes: 400, flushInterval: .seconds(60))
        for id in 1...10 { log.record(entry(id)) }
        #expect(log.droppedCount > 0)
        let dropped = log.droppedCount
        log.flush()
        let lines = file.lines
        #expect(lines.count == 10 - dropped + 1)
        #expect(lines.last == "access log: \(dropped) lines dropped (the output did not keep up)")
        #expect(log.droppedCount == 0, "the count is reported once")
        log.stop()
    }

    @Test("a server logs each request with its status and sizes, and flushes when it stops")
    func server() async throws {
        let file = LogFile()
        let log = AccessLog(fileDescriptor: file.descriptor, flushInterval: .seconds(60))
        try await TestServer.with(TestRoutes.router(), accessLog: log) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(TestRoutes.healthRequest)
            _ = try await connection.readResponse()
            try await connection.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello")
            _ = try await connection.readResponse()
            try await connection.send("GET /nowhere?key=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await connection.readResponse()
            await connection.close()
        }
        let lines = file.lines
        #expect(lines.count == 3, "\(lines)")
        #expect(lines[0].contains("method=GET path=/health status=200 bytes-in=0 bytes-out=15"))
        #expect(lines[1].contains("method=POST path=/echo status=200 bytes-in=5 bytes-out=5"))
        #expect(lines[2].contains("path=/nowhere?key=1 status=404"))
        log.stop()
    }
}
