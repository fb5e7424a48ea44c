// SiraHTTP is the I/O half of chapter 01: the HTTP/1.1 server on SwiftNIO that runs
// `SiraHTTPParser` on every connection, routes requests, writes responses (whole, chunked, or
// server-sent events as they are produced, with backpressure) and enforces timeouts and limits.
//
// Layout:
// - `HTTPServer.swift`             binds, accepts, limits connections, shuts down gracefully
// - `HTTPConnection.swift`         one connection: read, parse, dispatch, write, in order
// - `ConnectionTimer.swift`        the header, idle, body and write timeouts of a connection
// - `ConnectionRegistry.swift`     which connections are open and busy, for shutdown
// - `Router.swift`                 method + path to handler; 404 and 405 with `Allow`
// - `ResponseHead.swift`           serializing status lines and header fields
// - `ServerSentEvent.swift`        the `text/event-stream` wire format
// - `HTTPServerConfiguration.swift` every knob, with defaults
