// SiraHTTP is the I/O half of chapter 01: the HTTP/1.1 server on SwiftNIO that runs
// `SiraHTTPParser` on every connection, routes requests, writes responses (whole, chunked, or
// server-sent events as they are produced, with backpressure) and enforces timeouts and limits.
//
// Layout:
// - `HTTPServer.swift`             binds, accepts, limits connections, shuts down gracefully
// - `HTTPConnection.swift`         one connection, a channel handler on its event loop: read, parse,
//                                  dispatch (a task per request), write, in order
// - `ConnectionTimer.swift`        the header, idle, body and write timeouts of a connection
// - `ConnectionRegistry.swift`     which connections are open, busy or idle: the limit, shutdown
// - `AccessLog.swift`              one line per request, buffered and written by a thread of its own
// - `Router.swift`                 method + path to handler; 404, 405 with `Allow`, 501
// - `ResponseHead.swift`           serializing status lines and header fields
// - `ServerSentEvent.swift`        the `text/event-stream` wire format
// - `HTTPServerConfiguration.swift` every knob, with defaults
