// Generated from Sources/SiraCache/CacheKey.swift by scripts/make-starters. Nothing to write here.
// What goes into a cache key, and why each part is there.

import Crypto
import SiraCore

/// The key of a cached answer: a scope the server derived, and the SHA-256 of everything that decides
/// the answer.
///
/// Two requests share a key only when all of these agree:
/// - the **key format version** (`formatVersion`): raised whenever what goes into a key, or the shape of
///   a stored answer, changes, so an old entry is never read as a new one;
/// - the **generation**: an admin purge raises it, which makes every older entry unreachable at once
///   (they age out of the store by themselves), instead of walking the store;
/// - the **scope**, which the server derives from who is asking (one shared scope until chapter 07's
///   keys; then the key or the tenant). The client never chooses it: a cache that trusts a client's
///   scope hands one tenant's answers to another;
/// - the **API format** the client spoke, because the answer's bytes are in that format;
/// - the **deployment**: the catalog entry's provider and upstream model (or a group's targets), so a
///   model repointed to another provider does not answer from the old one's cache;
/// - whether the answer is **streamed**, because a stream is stored as its events;
/// - the **request**, in canonical JSON (`CanonicalJSON`): every member, in one spelling, with what
///   else decides the answer (`CachePolicy` adds the routing metadata and the header fields that are
///   forwarded upstream).
///
/// Each part is hashed with its length in front, so no two different sets of parts hash the same
/// bytes (`"ab" + "c"` and `"a" + "bc"` differ).
public struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    /// The version of what goes into a key and of the stored answer's shape.
    public static let formatVersion = 1

    /// The scope the server derived; the store can be asked about one scope.
    public let scope: String
    /// The SHA-256 of every part, the scope included.
    public let digest: [UInt8]

    /// Builds a key.
    /// - Parameters:
    ///   - scope: Who may read the answer, derived by the server.
    ///   - generation: The cache's generation (raised by a purge).
    ///   - format: The client's API format.
    ///   - deployment: What answers the model: provider and upstream model, or a group's targets.
    ///   - stream: Whether the answer is streamed.
    ///   - canonicalRequest: The request in canonical JSON.
    public init(
        scope: String, generation: Int, format: APIFormat, deployment: String, stream: Bool,
        canonicalRequest: [UInt8]
    ) {
        var hasher = SHA256()
        func add(_ bytes: some Collection<UInt8>) {
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(bytes))
        }
        add(String(Self.formatVersion).utf8)
        add(String(generation).utf8)
        add(scope.utf8)
        switch format {
        case .openAI: add("openai".utf8)
        case .anthropic: add("anthropic".utf8)
        }
        add(deployment.utf8)
        add((stream ? "stream" : "whole").utf8)
        add(canonicalRequest)
        self.scope = scope
        self.digest = Array(hasher.finalize())
    }

    /// The digest in hexadecimal.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(digest.count * 2)
        for byte in digest { text += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// `scope:hex`, safe to log (a scope is an id, never a secret).
    public var description: String { "\(scope):\(hex)" }
}
