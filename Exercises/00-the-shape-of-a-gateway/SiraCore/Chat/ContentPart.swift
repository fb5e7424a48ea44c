// Generated from Sources/SiraCore/Chat/ContentPart.swift by scripts/make-starters. Nothing to write here.
// One piece of a message's content: text, an image, audio, a file, or a refusal.

/// A part of a multi-part message, as in OpenAI's `content: [{"type": …}, …]`.
///
/// Each known `type` has a typed payload; any other type is kept whole in `.other`, so a part
/// Sira cannot read still reaches an upstream that speaks the same format.
public enum ContentPart: Hashable, Sendable {
    /// `{"type":"text","text":…}`.
    case text(TextPart)
    /// `{"type":"image_url","image_url":{"url":…,"detail":…}}`; the URL may be a `data:` URL.
    case image(ImagePart)
    /// `{"type":"input_audio","input_audio":{"data":…,"format":…}}`.
    case audio(AudioPart)
    /// `{"type":"file","file":{"file_id":…}}` or with `filename` and `file_data`.
    case file(FilePart)
    /// `{"type":"refusal","refusal":…}`, in assistant messages.
    case refusal(RefusalPart)
    /// A part of a type Sira does not know, kept whole.
    case other(JSONObject)

    /// The text of a text part, else `nil`.
    public var text: String? {
        if case .text(let part) = self { return part.text }
        return nil
    }
}

/// A text part.
public struct TextPart: Hashable, Sendable {
    /// The text.
    public var text: String
    /// Other members of the part (for example `prompt_cache_breakpoint`).
    public var extra: JSONObject

    /// Creates a text part.
    /// - Parameters:
    ///   - text: The text.
    ///   - extra: Other members of the part.
    public init(text: String, extra: JSONObject = [:]) {
        self.text = text
        self.extra = extra
    }
}

/// An image part: a URL or a `data:` URL with base64 bytes.
public struct ImagePart: Hashable, Sendable {
    /// `https://…` or `data:image/png;base64,…`.
    public var url: String
    /// `auto`, `low` or `high`, where the provider supports it.
    public var detail: String?
    /// Other members of the part.
    public var extra: JSONObject
    /// Other members of the inner `image_url` object.
    public var urlExtra: JSONObject

    /// Creates an image part.
    /// - Parameters:
    ///   - url: A URL or a `data:` URL.
    ///   - detail: The detail level, if any.
    ///   - extra: Other members of the part.
    ///   - urlExtra: Other members of the inner `image_url` object.
    public init(url: String, detail: String? = nil, extra: JSONObject = [:], urlExtra: JSONObject = [:]) {
        self.url = url
        self.detail = detail
        self.extra = extra
        self.urlExtra = urlExtra
    }
}

/// An audio input part: base64 data and its format.
public struct AudioPart: Hashable, Sendable {
    /// Base64-encoded audio.
    public var data: String
    /// `wav` or `mp3`.
    public var format: String
    /// Other members of the part.
    public var extra: JSONObject
    /// Other members of the inner `input_audio` object.
    public var audioExtra: JSONObject

    /// Creates an audio part.
    /// - Parameters:
    ///   - data: Base64-encoded audio.
    ///   - format: `wav` or `mp3`.
    ///   - extra: Other members of the part.
    ///   - audioExtra: Other members of the inner `input_audio` object.
    public init(data: String, format: String, extra: JSONObject = [:], audioExtra: JSONObject = [:]) {
        self.data = data
        self.format = format
        self.extra = extra
        self.audioExtra = audioExtra
    }
}

/// A file part: an uploaded file's id, or a file inline as a `data:` URL.
public struct FilePart: Hashable, Sendable {
    /// The id of an uploaded file.
    public var fileID: String?
    /// The file's name, with inline data.
    public var filename: String?
    /// The file as a `data:` URL.
    public var fileData: String?
    /// Other members of the part.
    public var extra: JSONObject
    /// Other members of the inner `file` object.
    public var fileExtra: JSONObject

    /// Creates a file part.
    /// - Parameters:
    ///   - fileID: The id of an uploaded file.
    ///   - filename: The file's name, with inline data.
    ///   - fileData: The file as a `data:` URL.
    ///   - extra: Other members of the part.
    ///   - fileExtra: Other members of the inner `file` object.
    public init(
        fileID: String? = nil,
        filename: String? = nil,
        fileData: String? = nil,
        extra: JSONObject = [:],
        fileExtra: JSONObject = [:]
    ) {
        self.fileID = fileID
        self.filename = filename
        self.fileData = fileData
        self.extra = extra
        self.fileExtra = fileExtra
    }
}

/// A refusal part in an assistant message.
public struct RefusalPart: Hashable, Sendable {
    /// The refusal text.
    public var refusal: String
    /// Other members of the part.
    public var extra: JSONObject

    /// Creates a refusal part.
    /// - Parameters:
    ///   - refusal: The refusal text.
    ///   - extra: Other members of the part.
    public init(refusal: String, extra: JSONObject = [:]) {
        self.refusal = refusal
        self.extra = extra
    }
}

/// A message's content: a plain string, or a list of parts.
///
/// OpenAI accepts both forms for most roles; the form is kept so a message is written back as it came.
public enum MessageContent: Hashable, Sendable, Codable {
    /// `"content": "Hello"`.
    case text(String)
    /// `"content": [{"type":"text",…}, {"type":"image_url",…}]`.
    case parts([ContentPart])

    /// All text in the content, parts joined without separator; `nil` parts are skipped.
    public var joinedText: String {
        switch self {
        case .text(let text): return text
        case .parts(let parts): return parts.compactMap(\.text).joined()
        }
    }

    /// Decodes a string or an array of parts.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` for any other shape.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([ContentPart].self))
        }
    }

    /// Encodes in the original form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError` for a value JSON cannot represent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .parts(let parts): try container.encode(parts)
        }
    }
}
