// Writing a response's status line and header fields into a buffer.

import NIOCore
import SiraCore

/// Serializes status lines and header fields.
enum ResponseHead {
    /// The reason phrase for common statuses; clients ignore it, humans reading traces do not.
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 402: return "Payment Required"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 417: return "Expectation Failed"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }

    /// Writes `HTTP/1.1 status reason`, the fields, and the blank line.
    ///
    /// Field names and values that a handler built from untrusted input could contain CR or LF
    /// (response splitting); such characters are dropped here, the last place they can be.
    static func write(status: Int, headers: Headers, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(status))
        buffer.writeStaticString(" ")
        buffer.writeString(reason(status))
        buffer.writeStaticString("\r\n")
        for field in headers {
            writeWithoutLineBreaks(field.name, into: &buffer)
            buffer.writeStaticString(": ")
            writeWithoutLineBreaks(field.value, into: &buffer)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// Writes a name or value without CR, LF or NUL: one pass over its bytes in place (this runs for
    /// every field of every response), and a filtered copy only in the rare case that it finds one.
    private static func writeWithoutLineBreaks(_ text: String, into buffer: inout ByteBuffer) {
        let written = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else { return false }
            buffer.writeBytes(bytes)
            return true
        }
        if written == true { return }
        buffer.writeBytes(text.utf8.filter { $0 != 0x0A && $0 != 0x0D && $0 != 0 })
    }
}
