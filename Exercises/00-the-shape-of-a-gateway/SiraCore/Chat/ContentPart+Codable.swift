// Generated from Sources/SiraCore/Chat/ContentPart+Codable.swift by scripts/make-starters. Nothing to write here.
// The wire form of content parts. Every level keeps its unknown members: the part itself and the
// inner object (`image_url`, `input_audio`, `file`).

extension ContentPart: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, text, refusal
        case imageURL = "image_url"
        case inputAudio = "input_audio"
        case file
    }

    /// Decodes a part by its `type`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a known type lacks a required member.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            let extra = try UnknownFields.decode(from: decoder, known: ["type", "text"])
            self = .text(TextPart(text: try container.decode(String.self, forKey: .text), extra: extra))
        case "refusal":
            let extra = try UnknownFields.decode(from: decoder, known: ["type", "refusal"])
            self = .refusal(RefusalPart(refusal: try container.decode(String.self, forKey: .refusal), extra: extra))
        case "image_url":
            var inner = try container.decode(JSONObject.self, forKey: .imageURL)
            let url = try inner.take(string: "url", path: container.codingPath + [CodingKeys.imageURL])
            let detail = inner.removeValue(forKey: "detail")?.stringValue
            let extra = try UnknownFields.decode(from: decoder, known: ["type", "image_url"])
            self = .image(ImagePart(url: url, detail: detail, extra: extra, urlExtra: inner))
        case "input_audio":
            var inner = try container.decode(JSONObject.self, forKey: .inputAudio)
            let path = container.codingPath + [CodingKeys.inputAudio]
            let data = try inner.take(string: "data", path: path)
            let format = try inner.take(string: "format", path: path)
            let extra = try UnknownFields.decode(from: decoder, known: ["type", "input_audio"])
            self = .audio(AudioPart(data: data, format: format, extra: extra, audioExtra: inner))
        case "file":
            var inner = try container.decode(JSONObject.self, forKey: .file)
            let fileID = inner.removeValue(forKey: "file_id")?.stringValue
            let filename = inner.removeValue(forKey: "filename")?.stringValue
            let fileData = inner.removeValue(forKey: "file_data")?.stringValue
            let extra = try UnknownFields.decode(from: decoder, known: ["type", "file"])
            self = .file(
                FilePart(fileID: fileID, filename: filename, fileData: fileData, extra: extra, fileExtra: inner)
            )
        default:
            self = .other(try UnknownFields.decode(from: decoder, known: []))
        }
    }

    /// Encodes the part in OpenAI's wire form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let part):
            try container.encode("text", forKey: .type)
            try container.encode(part.text, forKey: .text)
            try UnknownFields.encode(part.extra, to: encoder, known: ["type", "text"])
        case .refusal(let part):
            try container.encode("refusal", forKey: .type)
            try container.encode(part.refusal, forKey: .refusal)
            try UnknownFields.encode(part.extra, to: encoder, known: ["type", "refusal"])
        case .image(let part):
            var inner = part.urlExtra
            inner["url"] = .string(part.url)
            inner["detail"] = part.detail.map(JSONValue.string)
            try container.encode("image_url", forKey: .type)
            try container.encode(inner, forKey: .imageURL)
            try UnknownFields.encode(part.extra, to: encoder, known: ["type", "image_url"])
        case .audio(let part):
            var inner = part.audioExtra
            inner["data"] = .string(part.data)
            inner["format"] = .string(part.format)
            try container.encode("input_audio", forKey: .type)
            try container.encode(inner, forKey: .inputAudio)
            try UnknownFields.encode(part.extra, to: encoder, known: ["type", "input_audio"])
        case .file(let part):
            var inner = part.fileExtra
            inner["file_id"] = part.fileID.map(JSONValue.string)
            inner["filename"] = part.filename.map(JSONValue.string)
            inner["file_data"] = part.fileData.map(JSONValue.string)
            try container.encode("file", forKey: .type)
            try container.encode(inner, forKey: .file)
            try UnknownFields.encode(part.extra, to: encoder, known: ["type", "file"])
        case .other(let object):
            try UnknownFields.encode(object, to: encoder, known: [])
        }
    }
}

extension JSONObject {
    /// Removes and returns a required string member, for decoding inner objects by hand.
    ///
    /// - Parameters:
    ///   - key: The member's name.
    ///   - path: Where this object is, for the error message.
    /// - Returns: The string.
    /// - Throws: `DecodingError.keyNotFound` or `.typeMismatch` naming the member.
    mutating func take(string key: String, path: [any CodingKey]) throws -> String {
        guard let value = removeValue(forKey: key) else {
            throw DecodingError.keyNotFound(
                DynamicCodingKey(key),
                .init(codingPath: path, debugDescription: "missing required member '\(key)'")
            )
        }
        guard case .string(let string) = value else {
            throw DecodingError.typeMismatch(
                String.self,
                .init(codingPath: path + [DynamicCodingKey(key)], debugDescription: "'\(key)' must be a string")
            )
        }
        return string
    }
}
