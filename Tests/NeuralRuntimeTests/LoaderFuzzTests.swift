import Foundation
import Testing

@testable import NeuralRuntime

/// xorshift64*: a tiny deterministic generator, so every run tries the same mutations and a
/// failure can be replayed from its seed and iteration.
struct LoaderFuzzRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A number in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// One line of the corpus's expected.txt: a file and what loading it must do.
struct CorpusEntry: CustomTestStringConvertible {
    enum Outcome: String { case loads, malformed, unsupported, any }
    var file: String
    var outcome: Outcome
    /// Text the error's message must contain (besides the file's name).
    var fragment: String

    var testDescription: String { file }

    static let all: [CorpusEntry] = {
        let path = "\(LoaderTestFiles.fuzzCorpusDirectory)/expected.txt"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, let outcome = Outcome(rawValue: fields[1]) else { return nil }
            return CorpusEntry(file: fields[0], outcome: outcome, fragment: fields[2])
        }
    }()
}

/// What the loader promises about any graph it returns, so the interpreter can index without
/// checking: every index in range, constants as long as their shapes, operations numbered in order.
private func expectLoadedGraphIsSound(_ graph: Graph, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let count = graph.tensors.count
    let inRange = { (index: Int) in index >= 0 && index < count }
    var problems: [String] = []
    if !graph.inputs.allSatisfy(inRange) || !graph.outputs.allSatisfy(inRange) { problems.append("graph ends") }
    for operation in graph.operations {
        if !(operation.inputs + operation.outputs).allSatisfy({ $0 == -1 || inRange($0) }) { problems.append("op \(operation.index)") }
    }
    if graph.operations.map(\.index) != Array(graph.operations.indices) { problems.append("op numbering") }
    for tensor in graph.tensors {
        if tensor.shape.contains(where: { $0 < 0 }) { problems.append("tensor \(tensor.index) shape") }
        if let constant = tensor.constant, constant.count != tensor.elementCount { problems.append("tensor \(tensor.index) data") }
    }
    #expect(problems.isEmpty, "\(context): \(problems.prefix(5))", sourceLocation: sourceLocation)
}

/// Loads `bytes`, which must either load (into a sound graph) or throw, never crash. Returns
/// whether it loaded. (The loader throws only `RuntimeError`: its signature says so.)
@discardableResult
private func loadsOrThrows(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> Bool {
    do throws(RuntimeError) {
        let graph = try TFLiteLoader.load(bytes: bytes, name: "fuzz.tflite")
        expectLoadedGraphIsSound(graph, context())
        return true
    } catch {
        if case .malformedModel(let name, let reason) = error {
            #expect(name == "fuzz.tflite" && !reason.isEmpty, "\(context())")
        }
        return false
    }
}

/// Changes a few bytes of `model`: random values, 32-bit words set to values that break offsets
/// and lengths (0, 1, -1, 2³¹-1, 2³¹, huge), or a truncation. `hotRange` gets most of the changes
/// (where the FlatBuffer's tables are, rather than weights).
private func mutate(_ model: [UInt8], hotRange: Range<Int>, random: inout LoaderFuzzRandom) -> [UInt8] {
    var bytes = model
    let nastyWords: [UInt32] = [0, 1, 4, 0xFFFF_FFFF, 0xFFFF_FFFC, 0x7FFF_FFFF, 0x8000_0000, 0x0100_0000, 0xFFFF]
    func position() -> Int {
        random.below(4) == 0 ? random.below(bytes.count) : hotRange.lowerBound + random.below(hotRange.count)
    }
    for _ in 0..<(1 + random.below(4)) {
        switch random.below(8) {
        case 0..<3:  // one random byte
            bytes[position()] = UInt8(truncatingIfNeeded: random.next())
        case 3..<6:  // a nasty word, at a 4-byte boundary where offsets and lengths live
            let at = min(position() & ~3, bytes.count - 4)
            let word = nastyWords[random.below(nastyWords.count)]
            for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: word >> (8 * UInt32(k))) }
        case 6:  // a flipped bit
            bytes[position()] ^= 1 << UInt8(random.below(8))
        default:  // a truncation
            bytes.removeSubrange(position()...)
            return bytes
        }
    }
    return bytes
}

@Suite("Loader fuzzing")
struct LoaderFuzzTests {
    /// Multiplies every mutation count, for a longer campaign than the suite's few seconds, e.g.
    /// `ACTONE_FUZZ_SCALE=100 swift test -c release -Xswiftc -enable-testing --filter LoaderFuzzTests`.
    /// Each scale step uses new seeds, so a campaign explores beyond the default run.
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["ACTONE_FUZZ_SCALE"] ?? "") ?? 1)

    @Test(arguments: CorpusEntry.all)
    func corpusFileBehavesAsListed(_ entry: CorpusEntry) {
        let path = "\(LoaderTestFiles.fuzzCorpusDirectory)/\(entry.file)"
        do throws(RuntimeError) {
            let graph = try TFLiteLoader.load(path: path)
            #expect(entry.outcome == .loads || entry.outcome == .any, "\(entry.file) loaded")
            expectLoadedGraphIsSound(graph, entry.file)
        } catch {
            let message = error.description
            #expect(message.hasPrefix("\(entry.file): "), "the message names the file: \(message)")
            #expect(entry.fragment.isEmpty || message.contains(entry.fragment), "\(message)")
            switch (entry.outcome, error) {
            case (.malformed, .malformedModel), (.unsupported, .unsupportedFeature), (.any, _): break
            default: Issue.record("\(entry.file): expected \(entry.outcome), got \(message)")
            }
        }
    }

    @Test func corpusIsSmallAndFullyListed() throws {
        let directory = LoaderTestFiles.fuzzCorpusDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "expected.txt" }
        #expect(Set(files) == Set(CorpusEntry.all.map(\.file)))
        #expect(CorpusEntry.all.count >= 30)
        var total = 0
        for file in files {
            let size = try #require(LoaderTestFiles.bytes(atPath: "\(directory)/\(file)")).count
            #expect(size < 8192, "\(file) is \(size) bytes")
            total += size
        }
        #expect(total < 150_000)
    }

    @Test func mutationsOfTheTinyModelLoadOrThrow() throws {
        let model = try #require(LoaderTestFiles.bytes(atPath: "\(LoaderTestFiles.fuzzCorpusDirectory)/valid-tiny.fuzz"))
        var random = LoaderFuzzRandom(seed: 0x7F1E_C0DE &+ UInt64(Self.scale - 1))
        var loaded = 0
        let iterations = 10_000 * Self.scale
        for iteration in 0..<iterations {
            let mutated = mutate(model, hotRange: 0..<model.count, random: &random)
            if loadsOrThrows(mutated, "tiny model, iteration \(iteration)") { loaded += 1 }
        }
        // Both outcomes occur, or the mutations are not reaching anything.
        #expect(loaded > iterations / 20 && loaded < iterations * 19 / 20, "\(loaded) of \(iterations) loaded")
    }

    @Test func everyTruncationOfTheTinyModelThrows() throws {
        let model = try #require(LoaderTestFiles.bytes(atPath: "\(LoaderTestFiles.fuzzCorpusDirectory)/valid-tiny.fuzz"))
        // The last 8 bytes are the external buffer's data; any shorter file lacks something read.
        let loaded = (0..<model.count).filter { loadsOrThrows(Array(model.prefix($0)), "tiny model cut at \($0)") }
        #expect(loaded.isEmpty)
    }

    /// Real models, where the tables are (byte ranges found with the `tflite` Python package):
    /// the converter writes the weights first, so the tensors and operators come after them.
    /// Iterations are set so that the suite stays within a few seconds in a debug build (the
    /// sparse model takes ~30 ms to load there, 2.4 ms in release).
    static let realModels: [(name: String, tables: PartialRangeFrom<Int>, iterations: Int, truncations: Int)] = [
        ("face_detection_short_range.tflite", 206_116..., 1000, 200),
        ("face_detection_full_range_sparse.tflite", 376_980..., 120, 60),  // sparse constants' tables too
        ("face_landmark_with_attention.tflite", 2_391_912..., 30, 10),  // custom operators' options too
    ]

    @Test(
        .enabled(if: LoaderTestFiles.modelsInstalled, "models/ is not installed (Scripts/install-models)"),
        arguments: realModels.indices)
    func mutationsOfARealModelLoadOrThrow(_ model: Int) throws {
        let (name, tablesFrom, baseIterations, baseTruncations) = Self.realModels[model]
        let iterations = baseIterations * Self.scale, truncations = baseTruncations * Self.scale
        let bytes = try #require(LoaderTestFiles.bytes(atPath: LoaderTestFiles.modelPath(name)))
        let tables = tablesFrom.lowerBound..<bytes.count
        var random = LoaderFuzzRandom(seed: 0xD37E_C7 &+ UInt64(model) &+ UInt64(Self.scale - 1) << 8)
        var loaded = 0
        for iteration in 0..<iterations {
            let mutated = mutate(bytes, hotRange: tables, random: &random)
            if loadsOrThrows(mutated, "\(name), iteration \(iteration)") { loaded += 1 }
        }
        #expect(loaded > 0 && loaded < iterations, "\(loaded) of \(iterations) loaded")
        // Truncations: a quarter anywhere, the rest in the tables. A cut may still load: the
        // models end with metadata the loader does not read (a 22-byte empty ZIP directory).
        var survived = 0
        for index in 0..<truncations {
            let cut = index % 4 == 0 ? random.below(bytes.count) : tables.lowerBound + random.below(tables.count)
            let prefix = Array(bytes.prefix(cut))
            if loadsOrThrows(prefix, "\(name) cut at \(cut)") { survived += 1 }
        }
        #expect(survived <= truncations / 10, "\(survived) of \(truncations) truncations loaded")
    }

    @Test func nonModelBytesAreMalformedAndNamed() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        let cases: [(String, [UInt8], String)] = [
            ("empty.tflite", [], "the file is empty"),
            ("notes.txt", Array("Not a model at all.\n".utf8), "bytes 4-7 are \"a mo\""),
            ("picture.png", png, "bytes 4-7 are 0D 0A 1A 0A"),
            ("short.tflite", [1, 2, 3], "too short"),
        ]
        for (name, bytes, fragment) in cases {
            let error = #expect(throws: RuntimeError.self) { try TFLiteLoader.load(bytes: bytes, name: name) }
            guard case .malformedModel(let errorName, let reason)? = error else {
                Issue.record("\(name): expected malformedModel, got \(String(describing: error))")
                continue
            }
            #expect(errorName == name && reason.contains(fragment), "\(reason)")
            #expect(error?.description.hasPrefix("\(name): not a valid TFLite model (") == true)
        }
    }

    @Test func unreadableFilesSaySo() {
        #expect(throws: RuntimeError.fileUnreadable(path: "/nonexistent/model.tflite", reason: "No such file or directory")) {
            try TFLiteLoader.load(path: "/nonexistent/model.tflite")
        }
        #expect(throws: RuntimeError.fileUnreadable(path: LoaderTestFiles.fuzzCorpusDirectory, reason: "it is a directory")) {
            try TFLiteLoader.load(path: LoaderTestFiles.fuzzCorpusDirectory)
        }
    }
}
