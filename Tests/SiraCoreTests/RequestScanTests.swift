import SiraCore
import SiraTesting
import Testing

@Suite("Scanning a request instead of decoding it")
struct RequestScanTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a scan finds each top-level member and the exact bytes of its value")
    func members() throws {
        let text = #" {"model" : "gpt", "messages":[{"model":"inner"}], "n":2 ,"s":"a\"}b", "o":{"x":[1,{}]}} "#
        let body = Self.bytes(text)
        let scan = try JSONObjectScan(body)
        #expect(scan.members.map(\.name) == ["model", "messages", "n", "s", "o"])
        let values = scan.members.map { String(decoding: body[$0.value], as: UTF8.self) }
        #expect(values == [#""gpt""#, #"[{"model":"inner"}]"#, "2", #""a\"}b""#, #"{"x":[1,{}]}"#])
        #expect(body[scan.closingBrace] == UInt8(ascii: "}") && scan.closingBrace == body.count - 2)
    }

    @Test("an escaped member name is unescaped, and a repeated one is found last, as a parser keeps it")
    func escapedAndRepeated() throws {
        let body = Self.bytes(#"{"mod\u0065l":"a","model":"b"}"#)
        let scan = try JSONObjectScan(body)
        #expect(scan.members.map(\.name) == ["model", "model"])
        #expect(body[try #require(scan.last("model"))].elementsEqual(#""b""#.utf8))
        #expect(try JSONValue(parsing: body).objectValue?["model"] == "b")
    }

    /// Texts the parser refuses; the scan must refuse every one of them (it checks, it does not trust).
    static let notJSON = [
        "", "{", "}", #"{"a":}"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, #"{"a":[1,]}"#, #"{"a":[1 2]}"#,
        #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{"a":1e}"#, #"{"a":.5}"#,
        #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":"\ud800"}"#, #"{"a":"\udc00x"}"#, "{\"a\":\"tab\there\"}",
        #"{"a":"unterminated}"#, #"{"a":1} x"#, #"{"a":1}{}"#, #"{"a":[}"#, #"{"a":{]}"#, "{\"a\":\"\u{1}\"}",
        #"{"a":1 /* no comments */}"#, #"{'a':1}"#,
    ]

    @Test("text that is not JSON is refused, everything the parser refuses")
    func refusesWhatTheParserRefuses() throws {
        for text in Self.notJSON {
            #expect(throws: (any Error).self, "parser: \(text)") { try JSONValue(parsing: Self.bytes(text)) }
            #expect(throws: DecodingError.self, "scan: \(text)") { try JSONObjectScan(Self.bytes(text)) }
        }
        let invalidUTF8: [[UInt8]] = [
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], [0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D],
        ]
        for invalid in invalidUTF8 {
            #expect(throws: DecodingError.self, "invalid UTF-8") { try JSONObjectScan(invalid) }
        }
        let deep = "{\"a\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        #expect(throws: DecodingError.self, "nested beyond the limit") { try JSONObjectScan(Self.bytes(deep)) }
    }

    @Test("the edges: nesting at the limit, surrogates, invalid UTF-8 beside an escape, text after a non-object")
    func edges() throws {
        func nested(_ depth: Int) -> [UInt8] {  // the object itself is one level
            Self.bytes(
                "{\"a\":" + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}")
        }
        #expect(throws: Never.self) { try JSONObjectScan(nested(512)) }
        #expect(throws: Never.self) { try JSONValue(parsing: nested(512)) }
        #expect(throws: DecodingError.self) { try JSONObjectScan(nested(513)) }
        #expect(throws: (any Error).self) { try JSONValue(parsing: nested(513)) }
        #expect(try JSONObjectScan(Self.bytes(#"{"a":"\ud83e\udd8a"}"#)).members.count == 1)
        #expect(throws: DecodingError.self) { try JSONObjectScan(Self.bytes(#"{"a":"\ud800\u0041"}"#)) }
        let beside: [UInt8] = Array(#"{"a":"\n"#.utf8) + [0xC3] + Array(#"\n"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONObjectScan(beside) }
        for text in ["[1] x", "1 2", "\"s\" \"t\""] {
            #expect("\(text)") {
                try JSONObjectScan(Self.bytes(text))
            } throws: { error in
                if case DecodingError.dataCorrupted = error { return true }
                return false
            }
        }
    }

    @Test("parsing with unique names refuses a repeated name at any depth, and accepts what differs only in case")
    func uniqueNames() throws {
        #expect(throws: DecodingError.self) { try JSONValue(parsingUniqueNames: Self.bytes(#"{"a":1,"a":2}"#)) }
        #expect(throws: DecodingError.self) { try JSONValue(parsingUniqueNames: Self.bytes(#"{"x":[{"b":1,"b":1}]}"#)) }
        #expect(try JSONValue(parsingUniqueNames: Self.bytes(#"{"a":1,"A":2,"x":{"a":3}}"#)).objectValue?.count == 3)
        #expect(try JSONValue(parsing: Self.bytes(#"{"a":1,"a":2}"#)) == ["a": 2], "the ordinary parse keeps the last")
    }

    @Test("JSON that is not an object is a type mismatch, not a syntax error")
    func notAnObject() {
        for text in ["[1]", "\"s\"", "3", "null"] {
            #expect {
                try JSONObjectScan(Self.bytes(text))
            } throws: { error in
                if case DecodingError.typeMismatch = error { return true }
                return false
            }
        }
    }

    @Test("what the parser accepts the scan accepts, and the values it finds parse to the parser's")
    func agreesWithTheParser() throws {
        for text in [
            OpenAIFixtures.fullRequest, OpenAIFixtures.minimalRequest, #"{}"#, #"{ }"#,
            #"{"a":"é🦊\n\u00e9\ud83e\udd8a","b":[true,false,null,-0.5e+3,1E2,0],"c":{"d":{}}}"#,
        ] {
            let body = Self.bytes(text)
            let parsed = try #require(try JSONValue(parsing: body).objectValue)
            let scan = try JSONObjectScan(body)
            #expect(Set(scan.members.map(\.name)) == Set(parsed.keys))
            for (name, value) in parsed {
                #expect(try JSONValue(parsing: body[#require(scan.last(name))]) == value, "\(name)")
            }
        }
    }

    @Test("a chat request's model, stream, usage option and member names are read without decoding it")
    func chatRequest() throws {
        let scan = try ChatRequestScan(
            Self.bytes(
                #"{"model":"gpt","messages":[{"role":"user","content":"hi","temperature":"hot"}],"stream":true,"#
                    + #""stream_options":{"include_usage":true},"logprobs":true,"user":null,"n":1,"n":2}"#))
        #expect(scan.model == "gpt")
        #expect(scan.isStreaming && scan.includeUsageInStream)
        #expect(
            scan.memberNames == ["logprobs", "n", "stream_options"], "sorted; null members are absent; repeats once")

        let plain = try ChatRequestScan(Self.bytes(#"{"messages":[],"model":"m","stream":false}"#))
        #expect(!plain.isStreaming && !plain.includeUsageInStream && plain.memberNames.isEmpty)
    }

    @Test("the scan lists the members decoding lists, for a request with every kind of member")
    func sameMembersAsDecoding() throws {
        let body = Self.bytes(OpenAIFixtures.fullRequest)
        let decoded = try SiraJSON.decode(ChatRequest.self, from: body)
        let scan = try ChatRequestScan(body)
        #expect(scan.memberNames == decoded.memberNames)
        let withNulls = Self.bytes(#"{"model":"m","messages":[],"top_logprobs":2,"logprobs":null,"seed":null,"x":1}"#)
        let decodedNulls = try SiraJSON.decode(ChatRequest.self, from: withNulls)
        #expect(try ChatRequestScan(withNulls).memberNames == ["top_logprobs", "x"])
        #expect(decodedNulls.memberNames == ["top_logprobs", "x"], "a null member is absent on both paths")
        #expect(decodedNulls.extra["logprobs"] == .null, "and still forwarded when the request is encoded")
        #expect(scan.model == decoded.model && scan.isStreaming == decoded.isStreaming)
        #expect(scan.includeUsageInStream == decoded.includeUsageInStream)
    }

    @Test("a bad request gets the 400 decoding gives, naming the member")
    func errors() {
        let cases: [(String, GatewayError.Kind, String?)] = [
            (#"{"model":"m","messages":[}"#, .invalidJSON, nil),
            (#"["model"]"#, .invalidRequest, nil),
            (#"{"messages":[]}"#, .invalidRequest, "model"),
            (#"{"model":7,"messages":[]}"#, .invalidRequest, "model"),
            (#"{"model":null,"messages":[]}"#, .invalidRequest, "model"),
            (#"{"model":"m"}"#, .invalidRequest, "messages"),
            (#"{"model":"m","messages":{}}"#, .invalidRequest, "messages"),
            (#"{"model":"m","messages":[],"stream":"yes"}"#, .invalidRequest, "stream"),
            (#"{"model":"m","messages":[],"stream_options":true}"#, .invalidRequest, "stream_options"),
        ]
        for (text, kind, param) in cases {
            let error = #expect(throws: GatewayError.self, "\(text)") { try ChatRequestScan(Self.bytes(text)) }
            #expect(error?.kind == kind, "\(text)")
            #expect(error?.param == param, "\(text)")
            if param == nil { #expect(error?.message.contains("JSON") == true, "\(text)") }
        }
    }

    @Test("a scanned call answers what any call answers, and decodes only when asked")
    func scannedCall() throws {
        let body = Self.bytes(#"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"hi"}],"seed":1}"#)
        let decodes = Recorder<Int>()
        var call = ChatCall(
            scanned: try ChatRequestScan(body), body: body, upstreamModel: "up", clientFormat: .openAI,
            decode: { bytes in
                decodes.record(bytes.count)
                return try SiraJSON.decode(ChatRequest.self, from: bytes)
            })
        #expect(call.request == nil)
        #expect(call.model == "gpt" && call.isStreaming && !call.includeUsageInStream)
        #expect(call.memberNames == ["seed"])
        #expect(decodes.values.isEmpty)

        #expect(try call.decodedRequest().seed == 1)
        #expect(try call.decodedRequest().messages.count == 1)
        #expect(decodes.values.count == 2, "each decodedRequest() decodes")
        try call.decode()
        #expect(call.request?.seed == 1 && call.memberNames == ["seed"])
        _ = try call.decodedRequest()
        #expect(decodes.values.count == 3, "a decoded call is not decoded again")
    }
}
