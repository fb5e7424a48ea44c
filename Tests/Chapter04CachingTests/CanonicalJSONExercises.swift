// Exercise 4.1: one spelling for every JSON value.

import SiraCache
import SiraCore
import Testing

@Suite("4.1 Canonical JSON")
struct CanonicalJSONExercises {
    func canonical(_ text: String) throws -> String {
        String(decoding: try CanonicalJSON.bytes(parsing: Array(text.utf8)), as: UTF8.self)
    }

    @Test("4.1 members sorted at every depth, no whitespace, arrays in their order, strings in one escaping")
    func canonicalForm() throws {
        #expect(
            try canonical(#" { "b" : 1, "a" : { "z" : [3, 1, {"y":true,"x":null}], "c":"\u00e9\/" } } "#)
                == #"{"a":{"c":"é/","z":[3,1,{"x":null,"y":true}]},"b":1}"#)
        #expect(try canonical(#"{"é":1,"e":2,"z":3,"E":4}"#) == #"{"E":4,"e":2,"z":3,"é":1}"#, "UTF-8 order")
    }

    @Test("4.1 a fraction-less double within 2^53 becomes an integer, at any depth; -0 is 0; the rest stay")
    func numbers() {
        #expect(CanonicalJSON.normalised(.double(1.0)) == .integer(1))
        #expect(CanonicalJSON.normalised(.double(-0.0)) == .integer(0))
        #expect(CanonicalJSON.normalised(.double(9_007_199_254_740_992)) == .integer(9_007_199_254_740_992))
        #expect(CanonicalJSON.normalised(.double(18_014_398_509_481_984)) == .double(18_014_398_509_481_984))
        #expect(CanonicalJSON.normalised(.double(0.7)) == .double(0.7))
        #expect(CanonicalJSON.normalised(.double(1e300)) == .double(1e300))
        #expect(CanonicalJSON.normalised([1.0, ["a": 2.0, "b": [3.0]]]) == [1, ["a": 2, "b": [3]]])
        #expect(
            CanonicalJSON.normalised(["n": nil, "t": true, "s": "x", "i": 5]) == [
                "i": 5, "n": nil, "s": "x", "t": true,
            ])
    }

    @Test("4.1 two spellings of one request give the same bytes, and so the same key")
    func sameKey() throws {
        let a = try canonical(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":1}"#)
        let b = try canonical(#"{ "temperature": 1.0, "messages": [ {"content":"hi","role":"user"} ], "model":"m" }"#)
        #expect(a == b)
        let other = try canonical(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.9}"#)
        #expect(a != other)
    }
}
