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
//   scripts/make-starters                       regenerate Exercises/, keeping the learner's work
//   scripts/make-starters --force               regenerate Exercises/, replacing edited starters (a copy
//                                               of each goes to .build-exercises/backup/<time>/ first)
//   scripts/make-starters --check               exit 1 if a starter is stale (the reference changed and
//                                               the starters were not regenerated); edits are not stale
//   scripts/make-starters --list                print "chapter id file" for every region
//   scripts/make-starters --out DIR             write every starter to DIR/NN-slug/<Module>/ instead
//   scripts/make-starters --only 6.2 --out DIR  stub only region 6.2 (others keep the reference),
//                                               writing DIR/NN-slug/<Module>/; never into Exercises/,
//                                               which would put reference code there
//   scripts/make-starters --solved 6.2 --out DIR  every region stubbed but 6.2, which keeps its
//                                               reference: the starters as a learner who solved 6.2 has
//                                               them (check-exercises runs the learner's commands on it)
//   scripts/make-starters --schemata --out DIR  every region as `if ExerciseSwitch.isStubbed("6.2") { stub }
//                                               else { reference }`, switched at run time by SIRA_STUBBED
//                                               (`6.2`, `6.2,6.3` or `all`): check-exercises builds this
//                                               once and runs every check without another build
//
// The learner's work is never lost. `Exercises/.generated` records a hash of every file as it was
// generated. A starter whose content matches neither that record nor the new starter was edited by the
// learner: regenerating keeps it, and when its starter changed upstream writes the new one beside it as
// `<file>.new` to merge by hand. A file in Exercises/ that was never generated is the learner's and is
// left alone; a generated file the reference no longer has is removed only if it was not edited.

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
/// When set, regions become run-time switches instead of stubs or reference (`--schemata`).
var schemata = false

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
            if schemata {
                output.append("\(region.indent)if ExerciseSwitch.isStubbed(\"\(id)\") {")
                output.append(contentsOf: region.stubs)
                output.append("\(region.indent)} else {")
                output.append(contentsOf: region.body)
                output.append("\(region.indent)}")
            } else if stubbed(id) {
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
var solved: String?
var outFolder = "Exercises"
var force = false
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--check": check = true
    case "--force": force = true
    case "--schemata": schemata = true
    case "--list": list = true
    case "--only":
        if arguments.isEmpty { fail("--only needs a region id such as 6.2") }
        only = arguments.removeFirst()
    case "--solved":
        if arguments.isEmpty { fail("--solved needs a region id such as 6.2") }
        solved = arguments.removeFirst()
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
                text, file: "Sources/\(module)/\(file)",
                stubbed: { id in only.map { $0 == id } ?? solved.map { $0 != id } ?? true })
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

for id in [only, solved].compactMap({ $0 }) where !allRegions.contains(where: { $0.id == id }) {
    fail("no region \(id) in Sources/")
}
let intoExercises =
    URL(fileURLWithPath: outFolder, relativeTo: root).standardizedFileURL.path
    == root.appendingPathComponent("Exercises").standardizedFileURL.path
if only != nil || solved != nil || schemata, intoExercises {
    fail("--only, --solved and --schemata put reference code into the starters; give --out with a scratch folder")
}
if schemata {
    // Each module of the schemata gets its own switch, so any one can be compiled in place of Sources/.
    let switchFile = """
        // Generated by scripts/make-starters --schemata: which exercise regions run their stub.
        #if canImport(Glibc)
        import Glibc
        #elseif canImport(Darwin)
        import Darwin
        #endif

        /// The regions whose stub runs, from `SIRA_STUBBED` (`6.2`, `6.2,6.3` or `all`); the others run
        /// the reference. Read once per process.
        enum ExerciseSwitch {
            static let stubbed: Set<String> = {
                guard let raw = getenv("SIRA_STUBBED") else { return [] }
                return Set(String(cString: raw).split(separator: ",").map { String($0) })
            }()

            static func isStubbed(_ id: String) -> Bool { stubbed.contains("all") || stubbed.contains(id) }
        }

        """
    let modules = Set(generated.keys.map { $0.dropFirst(outFolder.count + 1).split(separator: "/").prefix(2) })
    for module in modules {
        generated["\(outFolder)/\(module.joined(separator: "/"))/ExerciseSwitch.swift"] = switchFile
    }
}

let outURL = root.appendingPathComponent(outFolder)
let existing = Set(
    files(under: outURL).filter { !$0.hasSuffix(".gitkeep") && !$0.hasSuffix(".new") }.map { "\(outFolder)/\($0)" })

/// A file's fingerprint, to tell a starter as generated from one the learner edited: FNV-1a, 64 bits
/// (enough to notice an edit; nothing here is secret).
func fingerprint(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
}

/// `Exercises/.generated`: "fingerprint path" per line, for each file as it was last generated.
let manifestURL = outURL.appendingPathComponent(".generated")
let recorded: [String: String] = {
    guard let text = try? String(contentsOf: manifestURL, encoding: .utf8) else { return [:] }
    var entries: [String: String] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ", maxSplits: 1)
        if parts.count == 2 { entries[String(parts[1])] = String(parts[0]) }
    }
    return entries
}()
func read(_ path: String) -> String? { try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }
/// Edited by the learner: it matches neither what was generated last time nor what would be now.
func edited(_ path: String, _ current: String, newStarter: String?) -> Bool {
    current != newStarter && recorded[path] != fingerprint(current)
}

if check {
    var stale: [String] = []
    var yours: [String] = []
    for (path, text) in generated.sorted(by: { $0.key < $1.key }) {
        guard let current = read(path) else {
            stale.append("\(path) (missing)")
            continue
        }
        if intoExercises, recorded[path] != fingerprint(text) {
            // The record says what was generated last; it must be what Sources/ generates now.
            stale.append("\(path) (Sources/ changed; regenerate)")
        } else if current != text {
            if intoExercises, edited(path, current, newStarter: text) { yours.append(path) } else { stale.append(path) }
        }
    }
    for path in existing.subtracting(generated.keys).sorted() where intoExercises ? recorded[path] != nil : true {
        stale.append("\(path) (no longer generated from Sources/)")
    }
    if !yours.isEmpty { print("make-starters: \(yours.count) starter files hold your work (not stale)") }
    if stale.isEmpty {
        print("make-starters: \(generated.count) starter files are up to date")
        exit(0)
    }
    print("make-starters: starters are stale; run scripts/make-starters and commit the result:")
    for path in stale { print("  \(path)") }
    exit(1)
}

if !intoExercises {
    try? fileManager.removeItem(at: outURL)  // a scratch folder: written whole
}
let backupFolder = ".build-exercises/backup/\(Int(Date().timeIntervalSince1970))"
func backUp(_ path: String) throws {
    let url = root.appendingPathComponent(backupFolder).appendingPathComponent(path)
    try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try fileManager.copyItem(at: root.appendingPathComponent(path), to: url)
}
var kept: [String] = []
var merges: [String] = []
var backedUp = 0
if intoExercises {
    for path in existing.subtracting(generated.keys).sorted() {
        guard let current = read(path), recorded[path] != nil else { continue }  // never generated: the learner's
        if recorded[path] == fingerprint(current) {
            try? fileManager.removeItem(at: root.appendingPathComponent(path))
        } else if force {
            try backUp(path)
            backedUp += 1
            try? fileManager.removeItem(at: root.appendingPathComponent(path))
        } else {
            kept.append("\(path) (your edits; Sources/ no longer has it)")
        }
    }
}
for (path, text) in generated.sorted(by: { $0.key < $1.key }) {
    let url = root.appendingPathComponent(path)
    if intoExercises, let current = read(path), edited(path, current, newStarter: text) {
        if force {
            try backUp(path)
            backedUp += 1
        } else {
            if recorded[path] != fingerprint(text) {
                // The starter changed upstream and the learner changed it too: both are kept.
                try Data(text.utf8).write(to: url.appendingPathExtension("new"))
                merges.append(path)
            } else {
                kept.append(path)
            }
            continue
        }
    }
    try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    try? fileManager.removeItem(at: url.appendingPathExtension("new"))
}
if intoExercises {
    let lines = generated.sorted(by: { $0.key < $1.key }).map { "\(fingerprint($0.value)) \($0.key)" }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: manifestURL)
}
print(
    "make-starters: wrote \(generated.count - kept.count - merges.count) files for \(Set(allRegions.map(\.id)).count) regions into \(outFolder)/"
)
if backedUp > 0 { print("make-starters: your edits to \(backedUp) files were copied to \(backupFolder)/ first") }
if !kept.isEmpty {
    print("make-starters: kept \(kept.count) files with your work:")
    for path in kept { print("  \(path)") }
}
if !merges.isEmpty {
    print(
        "make-starters: the starter changed upstream for \(merges.count) files you edited; merge each <file>.new into it:"
    )
    for path in merges { print("  \(path)") }
}
