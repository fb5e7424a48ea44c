import Foundation
import SiraCore
import SiraHTTP
import SiraTesting
import Synchronization
import Testing

/// A stream whose chunks are released one at a time by the test, counting how many were produced.
final class GatedStream: Sendable {
    let stream: AsyncStream<[UInt8]>
    let continuation: AsyncStream<[UInt8]>.Continuation

    init() {
        (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
    }
}

@Suite("Server: streamed responses")
struct StreamingTests {
    @Test("a stream is sent chunked, each chunk as soon as it is produced")
    func chunksAsProduced() async throws {
        let gate = GatedStream()
        let route = Route("GET", "/events") { _, _ in
            GatewayResponse(
                status: 200,
                headers: ["content-type": "text/event-stream"],
                body: .stream(ResponseStream(gate.stream))
            )
        }
        try await TestServer.with(TestRoutes.router(extra: [route])) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
            gate.continuation.yield(ServerSentEvent(data: "first").bytes)
            // The first event arrives while the stream is still open: nothing is buffered to the end.
            let deadline = ContinuousClock.now + .seconds(5)
            while !String(decoding: connection.unreadBytes, as: UTF8.self).contains("data: first") {
                #expect(ContinuousClock.now < deadline, "the first event never arrived")
                if ContinuousClock.now > deadline { return }
                try await Task.sleep(for: .milliseconds(2))
            }
            gate.continuation.yield(ServerSentEvent(event: "done", data: "second\nline").bytes)
            gate.continuation.finish()
            let response = try await connection.readResponse()
            #expect(response["transfer-encoding"] == "chunked")
            #expect(response.text == "data: first\n\nevent: done\ndata: second\ndata: line\n\n")
            #expect(response.chunkSizes.count == 2)
            #expect(!connection.isClosed, "the connection stays open after a complete stream")
            await connection.close()
        }
    }

    @Test("a stream to an HTTP/1.0 client is delimited by closing the connection")
    func http10Stream() async throws {
        let route = Route("GET", "/events") { _, _ in
            GatewayResponse(status: 200, body: .stream(.chunks([Array("a".utf8), Array("b".utf8)])))
        }
        try await TestServer.with(TestRoutes.router(extra: [route])) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /events HTTP/1.0\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response.text == "ab")
            #expect(response["transfer-encoding"] == nil)
        }
    }

    @Test("a slow reader slows the producer: the server does not buffer the whole stream")
    func backpressure() async throws {
        let produced = Atomic<Int>(0)
        let chunk = [UInt8](repeating: 0x61, count: 64 * 1024)
        // What may be produced ahead of a client that reads nothing: the kernel's socket buffers on
        // both sides (Linux grows them up to tcp_rmem/tcp_wmem's maximum: 36 MiB on some machines)
        // plus the server's bounded outbound buffer. The stream is made longer than that, so only
        // backpressure can stop the producer before the end.
        let bound = Self.socketBufferLimit() / chunk.count + 32
        let total = bound + 200
        let route = Route("GET", "/big") { _, _ in
            let producer = AsyncThrowingStream<[UInt8], any Error>(unfolding: {
                let count = produced.wrappingAdd(1, ordering: .relaxed).newValue
                return count <= total ? chunk : nil
            })
            return GatewayResponse(status: 200, body: .stream(ResponseStream(producer)))
        }
        try await TestServer.with(TestRoutes.router(extra: [route])) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port, reading: false)
            try await connection.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            // Wait until production stops (the kernel's buffers fill at their own pace, slower when the
            // machine is busy): at most 10 s, checked every 100 ms.
            var stalled = -1
            for _ in 0..<100 {
                try await Task.sleep(for: .milliseconds(100))
                let now = produced.load(ordering: .relaxed)
                if now == stalled { break }
                stalled = now
            }
            print("backpressure: \(stalled) chunks produced while the client read nothing (bound \(bound))")
            #expect(stalled < bound, "\(stalled) chunks of 64 KiB were produced for a client that reads nothing")
            try await Task.sleep(for: .milliseconds(200))
            #expect(produced.load(ordering: .relaxed) - stalled < 8, "production must stay stalled")
            try await connection.startReading()
            let response = try await connection.readResponse(timeout: .seconds(30))
            #expect(response.body.count == total * chunk.count, "once the client reads, the whole stream arrives")
            await connection.close()
        }
    }

    /// The most the kernel may buffer on a loopback connection: the receive side's maximum plus the
    /// send side's (`/proc/sys/net/ipv4/tcp_rmem` and `tcp_wmem`, third field); 8 MiB elsewhere.
    static func socketBufferLimit() -> Int {
        func maximum(_ file: String) -> Int? {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
            return text.split(whereSeparator: \.isWhitespace).last.flatMap { Int($0) }
        }
        guard let receive = maximum("/proc/sys/net/ipv4/tcp_rmem"), let send = maximum("/proc/sys/net/ipv4/tcp_wmem")
        else { return 8 << 20 }
        return receive + send
    }

    @Test("when the client disconnects, the handler is cancelled")
    func disconnectCancels() async throws {
        let events = Recorder<String>()
        let route = Route("GET", "/slow") { _, _ in
            events.record("started")
            do {
                try await Task.sleep(for: .seconds(30))
                events.record("finished")
            } catch {
                events.record("cancelled")
            }
            return .json(["late": true])
        }
        try await TestServer.with(TestRoutes.router(extra: [route])) { _, port in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            try await events.waitUntilRecorded()
            await connection.close()
            let deadline = ContinuousClock.now + .seconds(5)
            while !events.values.contains("cancelled"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(events.values == ["started", "cancelled"])
        }
    }

    @Test("server-sent events are framed with data lines and a blank line")
    func sseFraming() {
        #expect(String(decoding: ServerSentEvent(data: "x").bytes, as: UTF8.self) == "data: x\n\n")
        let event = ServerSentEvent(event: "message_start", data: "{}\n{}", id: "7")
        #expect(String(decoding: event.bytes, as: UTF8.self) == "event: message_start\nid: 7\ndata: {}\ndata: {}\n\n")
        #expect(
            String(decoding: ServerSentEvent(event: "a\nb", data: "").bytes, as: UTF8.self) == "event: ab\ndata: \n\n")
        #expect(String(decoding: ServerSentEvent.comment("ping"), as: UTF8.self) == ": ping\n\n")
    }
}
