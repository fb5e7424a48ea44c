import Foundation
import SiraCore
import SiraHTTP
import SiraTesting
import Testing

@Suite("Server: many idle connections")
struct IdleConnectionsTests {
    @Test("10,000 idle connections do not stop the server from answering")
    func tenThousandIdle() async throws {
        let count = 10_000
        var configuration = HTTPServerConfiguration()
        configuration.maxConnections = count + 100
        configuration.idleTimeout = .seconds(60)
        try await TestServer.with(TestRoutes.router(), configuration: configuration) { server, port in
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Resources/hold_connections.py")
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            holder.arguments = ["python3", script.path, String(port), String(count)]
            let input = Pipe()
            let output = Pipe()
            holder.standardInput = input
            holder.standardOutput = output
            try holder.run()
            // Reading the holder's line and waiting for it to exit block a thread: on a thread of their own, not
            // on the two threads of Swift's cooperative pool, which every other test running meanwhile needs.
            let line = await Self.offPool { output.fileHandleForReading.availableDataUntilNewline() }
            let ready = String(decoding: line, as: UTF8.self)
            #expect(ready == "ready \(count)", "the holder said: \(ready)")

            let deadline = ContinuousClock.now + .seconds(30)
            while server.connectionCount < count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.connectionCount >= count, "server sees \(server.connectionCount) connections")

            let start = ContinuousClock.now
            for _ in 0..<20 {
                let connection = try await RawHTTPConnection.connect(port: port)
                for _ in 0..<5 {
                    try await connection.send(TestRoutes.healthRequest)
                    #expect(try await connection.readResponse().status == 200)
                }
                await connection.close()
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(10), "100 requests took \(elapsed) with \(count) idle connections open")
            try? input.fileHandleForWriting.close()
            await Self.offPool { holder.waitUntilExit() }
        }
    }

    /// Runs blocking work on a thread of its own and waits for it without holding a cooperative thread.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }
}

extension FileHandle {
    /// Reads until a newline (or end of file), without the newline.
    func availableDataUntilNewline() -> Data {
        var line = Data()
        while true {
            let byte = readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { return line }
            line.append(byte)
        }
    }
}
