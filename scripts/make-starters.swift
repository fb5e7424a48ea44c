// Generates the exercise starters from the reference code.
//
// A reference region in Sources/ looks like this:
//
//     // exercise 6.2 begin: refill first, then spend `cost` tokens if there are enough
//     ...reference code...
//     // stub: return false
//     // exercise 6.2 end
//
// In the starter the reference code is gone and the `// stub:` lines become code:
//
//     // exercise 6.2 begin: refill first, then spend `cost` tokens if there are enough
//     return false
//     // exercise 6.2 end
//
// Every module that has regions of chapter N is copied whole to Exercises/NN-slug/<Module>/ (the slug
// comes from the folder Chapters/NN-slug), so `SIRA_EXERCISES=NN` can compile it in place of Sources/.
//
// Usage (scripts/make-starters runs this file with `swift`, no build needed):
//   scripts/make-starters                       regenerate Exercises/
//   scripts/make-starters --check               exit 1 if Exercises/ is not what would be generated
//   scripts/make-starters --list                print "chapter id file" for every region
//   scripts/make-starters --only 6.2 --out DIR  stub only region 6.2 (others keep the reference),
//                                               writing DIR/NN-slug/<Module>/ (used by check-exercises)

import Foundation

struct Failure: Error, CustomStringConvertible {
    let description: String
}

struct Region {
    let id: String
    let chapter: String
    let file: String
    let line: Int
}

let fileManager = FileManager.default
let root = URL(fileURLWithPath: fileManager.currentDirectoryPath)

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("make-starters: \(message)\n".utf8))
    exit(2)
}

/// The chapter folders: "00" -> "00-the-shape-of-a-gateway".
func chapterFolders() -> [String: String] {
    let names = (try? fileManager.contentsOfDirectory(atPath: root.appendingPathComponent("Chapters").path)) ?? []
    var folders: [String: String] = [:]
    for name in names where name.count > 3 && name.prefix(2).allSatisfy(\.isNumber) && name.dropFirst(2).first == "-" {
        folders[String(name.prefix(2))] = name
    }
    return folders
}

/// Every file under a folder, relative paths, sorted.
func files(under folder: URL) -> [String] {
    guard let enumerator = fileManager.enumerator(atPath: folder.path) else { return [] }
    var result: [String] = []
    while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory),
            !isDirectory.boolValue, !path.split(separator: "/").contains(where: { $0.hasPrefix(".") })
        {
            result.append(path)
        }
    }
    return result.sorted()
}

let beginPattern = try NSRegularExpression(pattern: #"^(\s*)// exercise (\d+)\.(\d+) begin(: .*)?$"#)
let endPattern = try NSRegularExpression(pattern: #"^\s*// exercise (\d+)\.(\d+) end\s*$"#)
let stubPattern = try NSRegularExpression(pattern: #"^(\s*)// stub:( ?)(.*)$"#)

func match(_ pattern: NSRegularExpression, _ line: String) -> [String]? {
    let range = NSRange(line.startIndex..., in: line)
    guard let result = pattern.firstMatch(in: line, range: range) else { return nil }
    return (0..<result.numberOfRanges).map { index in
        Range(result.range(at: index), in: line).map { String(line[$0]) } ?? ""
    }
}

/// Rewrites one file: regions whose id is in `stubbed` get their stub; the others keep the reference.
/// Returns the new text and the regions found.
func transform(_ text: String, file: String, stubbed: (String) -> Bool) throws -> (String, [Region]) {
    var output: [String] = []
    var regions: [Region] = []
    var open: (id: String, line: Int, indent: String, stubs: [String], body: [String])?
    let lines = text.components(separatedBy: "\n")
    for (index, line) in lines.enumerated() {
        let number = index + 1
        if let groups = match(beginPattern, line) {
            if let open {
                throw Failure(
                    description:
                        "\(file):\(number): region \(groups[2]).\(groups[3]) begins inside region \(open.id) (line \(open.line))"
                )
            }
            let id = "\(Int(groups[2]) ?? 0).\(groups[3])"
            if groups[4].isEmpty {
                throw Failure(
                    description:
                        "\(file):\(number): region \(id) needs an instruction: `// exercise \(id) begin: what to write`"
                )
            }
            open = (id, number, groups[1], [], [])
            output.append(line)
            regions.append(
                Region(id: id, chapter: String(format: "%02d", Int(groups[2]) ?? 0), file: file, line: number))
            continue
        }
        if let groups = match(endPattern, line) {
            let id = "\(Int(groups[1]) ?? 0).\(groups[2])"
            guard let region = open, region.id == id else {
                throw Failure(description: "\(file):\(number): `exercise \(id) end` without a matching begin")
            }
            if region.stubs.isEmpty {
                throw Failure(description: "\(file):\(region.line): region \(id) has no `// stub:` line")
            }
            if stubbed(id) {
                output.append(contentsOf: region.stubs)
            } else {
                output.append(contentsOf: region.body)
                output.append(
                    contentsOf: region.stubs.map { "\(region.indent)// stub: \($0.dropFirst(region.indent.count))" })
            }
            output.append(line)
            open = nil
            continue
        }
        if var region = open {
            if let groups = match(stubPattern, line) {
                region.stubs.append(groups[1] + groups[3])
            } else if !region.stubs.isEmpty {
                throw Failure(
                    description:
                        "\(file):\(number): region \(region.id): code after the `// stub:` lines; stubs come last")
            } else {
                region.body.append(line)
            }
            open = region
            continue
        }
        output.append(line)
    }
    if let open { throw Failure(description: "\(file):\(open.line): region \(open.id) is never closed") }
    return (output.joined(separator: "\n"), regions)
}

// MARK: Main

var arguments = Array(CommandLine.arguments.dropFirst())
var check = false
var list = false
var only: String?
var outFolder = "Exercises"
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--check": check = true
    case "--list": list = true
    case "--only":
        if arguments.isEmpty { fail("--only needs a region id such as 6.2") }
        only = arguments.removeFirst()
    case "--out":
        if arguments.isEmpty { fail("--out needs a folder") }
        outFolder = arguments.removeFirst()
    default: fail("unknown argument \(argument); see the comment at the top of scripts/make-starters")
    }
}

let chapters = chapterFolders()
let sources = root.appendingPathComponent("Sources")
let modules = ((try? fileManager.contentsOfDirectory(atPath: sources.path)) ?? []).filter { !$0.hasPrefix(".") }
    .sorted()

/// output path (relative to the package) -> contents
var generated: [String: String] = [:]
var allRegions: [Region] = []
do {
    for module in modules {
        let folder = sources.appendingPathComponent(module)
        var moduleRegions: [Region] = []
        var texts: [(String, String)] = []
        for file in files(under: folder) {
            let path = "Sources/\(module)/\(file)"
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else {
                continue
            }
            let (_, regions) = try transform(text, file: path, stubbed: { _ in false })
            moduleRegions += regions
            texts.append((file, text))
        }
        guard !moduleRegions.isEmpty else { continue }
        let chapterNumbers = Set(moduleRegions.map(\.chapter))
        guard chapterNumbers.count == 1, let chapter = chapterNumbers.first else {
            throw Failure(
                description:
                    "Sources/\(module) has regions of several chapters (\(chapterNumbers.sorted())); a module belongs to one chapter"
            )
        }
        guard let chapterFolder = chapters[chapter] else {
            throw Failure(
                description:
                    "Sources/\(module) has chapter \(chapter) regions but there is no Chapters/\(chapter)-slug folder")
        }
        allRegions += moduleRegions
        if let only, !moduleRegions.contains(where: { $0.id == only }) { continue }
        for (file, text) in texts {
            let (starter, regions) = try transform(
                text, file: "Sources/\(module)/\(file)", stubbed: { id in only.map { $0 == id } ?? true })
            var header = ""
            if file.hasSuffix(".swift") {
                header =
                    regions.isEmpty
                    ? "// Generated from Sources/\(module)/\(file) by scripts/make-starters. Nothing to write here.\n"
                    : "// Starter for chapter \(chapter), generated from Sources/\(module)/\(file) by scripts/make-starters.\n// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise \(chapter)` runs their tests.\n"
            }
            generated["\(outFolder)/\(chapterFolder)/\(module)/\(file)"] = header + starter
        }
    }
} catch {
    fail("\(error)")
}

if list {
    var seen = Set<String>()
    for region in allRegions where seen.insert(region.id).inserted {
        print("\(region.chapter) \(region.id) \(region.file):\(region.line)")
    }
    exit(0)
}

if let only, !allRegions.contains(where: { $0.id == only }) { fail("no region \(only) in Sources/") }

let outURL = root.appendingPathComponent(outFolder)
let existing = Set(files(under: outURL).filter { !$0.hasSuffix(".gitkeep") }.map { "\(outFolder)/\($0)" })

if check {
    var stale: [String] = []
    for (path, text) in generated.sorted(by: { $0.key < $1.key }) {
        let current = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        if current != text { stale.append(current == nil ? "\(path) (missing)" : path) }
    }
    for path in existing.subtracting(generated.keys).sorted() { stale.append("\(path) (not generated from Sources/)") }
    if stale.isEmpty {
        print("make-starters: \(generated.count) starter files are up to date")
        exit(0)
    }
    print("make-starters: starters are stale; run scripts/make-starters and commit the result:")
    for path in stale { print("  \(path)") }
    exit(1)
}

if only == nil {
    for path in existing.subtracting(generated.keys) {
        try? fileManager.removeItem(at: root.appendingPathComponent(path))
    }
} else {
    try? fileManager.removeItem(at: outURL)
}
for (path, text) in generated {
    let url = root.appendingPathComponent(path)
    try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}
print("make-starters: wrote \(generated.count) files for \(Set(allRegions.map(\.id)).count) regions into \(outFolder)/")
