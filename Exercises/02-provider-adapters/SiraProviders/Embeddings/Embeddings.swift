// Generated from Sources/SiraProviders/Embeddings/Embeddings.swift by scripts/make-starters. Nothing to write here.
// Embeddings: text in, vectors out. Simpler than chat (no streams, no tools), but the formats still
// differ: OpenAI takes a string or a list and can answer in base64; Gemini takes one request per
// text and answers only with floats, so the gateway encodes base64 itself.

import Foundation
import SiraCore

/// An embeddings request in OpenAI's shape (`POST /v1/embeddings`).
public struct EmbeddingRequest: Sendable, Hashable {
    /// The public model name.
    public var model: String
    /// The texts to embed (a single string is a list of one).
    public var inputs: [String]
    /// Whether the client sent pre-tokenized input (arrays of token ids), which only an OpenAI
    /// upstream understands; the texts are then empty.
    public var isTokenInput: Bool
    /// `float` (default) or `base64`.
    public var base64: Bool
    /// The number of dimensions to return, for models that can shorten their vectors.
    public var dimensions: Int?

    /// Decodes a request body.
    /// - Parameter body: The body.
    /// - Returns: The request.
    /// - Throws: `GatewayError` (400) naming the member that is missing or invalid.
    public static func decode(_ body: [UInt8]) throws -> EmbeddingRequest {
        guard let value = try? JSONValue(parsing: body) else {
            throw GatewayError(.invalidJSON, "The request body is not valid JSON.")
        }
        guard let object = value.objectValue else {
            throw GatewayError(.invalidRequest, "The request body must be a JSON object.")
        }
        guard let model = object["model"]?.stringValue else {
            throw GatewayError(.invalidRequest, "Missing required member 'model'.", param: "model")
        }
        var request = EmbeddingRequest(model: model, inputs: [], isTokenInput: false, base64: false)
        switch object["input"] {
        case .string(let text)?:
            request.inputs = [text]
        case .array(let items)? where !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }):
            request.inputs = items.compactMap(\.stringValue)
        case .array(let items)?
        where !items.isEmpty && items.allSatisfy({ $0.intValue != nil || $0.arrayValue != nil }):
            request.isTokenInput = true
        default:
            throw GatewayError(
                .invalidRequest, "'input' must be a string, or a non-empty array of strings or token arrays.",
                param: "input")
        }
        guard request.inputs.count <= 2048 else {
            throw GatewayError(.invalidRequest, "'input' may hold at most 2048 items.", param: "input")
        }
        switch object["encoding_format"] {
        case nil, "float"?: break
        case "base64"?: request.base64 = true
        default:
            throw GatewayError(
                .invalidRequest, "'encoding_format' must be 'float' or 'base64'.", param: "encoding_format")
        }
        if let dimensions = object["dimensions"] {
            guard let value = dimensions.intValue, value > 0 else {
                throw GatewayError(
                    .invalidRequest, "'dimensions' must be a positive integer.", param: "dimensions")
            }
            request.dimensions = value
        }
        return request
    }
}

/// What a provider is asked to embed.
public struct EmbeddingCall: Sendable {
    /// The request.
    public var request: EmbeddingRequest
    /// The model name to ask the upstream for.
    public var upstreamModel: String
    /// The client's body as received, for an OpenAI-format upstream.
    public var originalBody: [UInt8]

    /// Creates a call.
    /// - Parameters:
    ///   - request: The request.
    ///   - upstreamModel: The upstream model.
    ///   - originalBody: The body as received.
    public init(request: EmbeddingRequest, upstreamModel: String, originalBody: [UInt8]) {
        self.request = request
        self.upstreamModel = upstreamModel
        self.originalBody = originalBody
    }
}

/// A provider's embeddings answer.
public enum EmbeddingReply: Sendable {
    /// Vectors, one per input, in order, with the input token count when known.
    case vectors([[Float]], model: String, promptTokens: Int)
    /// An OpenAI-format body to forward as it is.
    case passthrough([UInt8])

    /// The OpenAI `list` body for vectors, as floats or as base64 of little-endian float32s
    /// (what OpenAI sends, and what its SDKs decode).
    /// - Parameters:
    ///   - vectors: The vectors.
    ///   - model: The model.
    ///   - promptTokens: Input tokens.
    ///   - base64: Whether to encode as base64.
    /// - Returns: The body.
    public static func body(_ vectors: [[Float]], model: String, promptTokens: Int, base64: Bool) -> JSONValue {
        let data: [JSONValue] = vectors.enumerated().map { index, vector in
            let embedding: JSONValue
            if base64 {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(vector.count * 4)
                for value in vector {
                    let bits = value.bitPattern.littleEndian
                    withUnsafeBytes(of: bits) { bytes += $0 }
                }
                embedding = .string(Data(bytes).base64EncodedString())
            } else {
                embedding = .array(vector.map { .double(Double($0)) })
            }
            return ["object": "embedding", "index": .integer(Int64(index)), "embedding": embedding]
        }
        return [
            "object": "list", "data": .array(data), "model": .string(model),
            "usage": ["prompt_tokens": .integer(Int64(promptTokens)), "total_tokens": .integer(Int64(promptTokens))],
        ]
    }
}

/// Providers that can embed. A provider without embeddings (Anthropic has none) is refused with a
/// 400 before any network call.
public protocol EmbeddingProvider: Provider {
    /// Embeds texts.
    /// - Parameters:
    ///   - call: The request.
    ///   - context: The request's context.
    /// - Returns: The vectors, or an OpenAI-format body.
    /// - Throws: `GatewayError` for every failure.
    func embed(_ call: EmbeddingCall, context: RequestContext) async throws -> EmbeddingReply
}
