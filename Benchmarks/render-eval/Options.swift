import Foundation

/// The command line of render-eval (Scripts/eval-render passes the defaults for the checkout).
///
///   render-eval [--drivers DIR] [--characters DIR] [--quick] [--keep DIR] [--crop full|face]
///               [--mouth auto|driver|synth] [--detail S] [--models DIR] [--expect-failure NAME,...]
struct Options {
    var drivers = "../shared/eval/driving"
    var characters = "../shared/eval/characters"
    /// One driver (d0, else the first) and two characters: a fast loop while working on the renderer.
    var quick = false
    /// Where the renders and tracks go and stay; nil: a temporary folder removed at the end.
    var keep: String?
    /// Passed to every cross-reenactment render (self-reenactment is always full frame: it is
    /// compared pixel for pixel with the driver).
    var crop = "full"
    var mouth = "auto"
    /// `--detail` for every render, self- and cross-reenactment (0: actone's default, off).
    var detail: Float = 0
    var models: String?
    /// Characters that are not human faces (the evaluation set's dog): actone should refuse them
    /// with a clear error. Their pairs are listed, kept out of the summary, and a render of one
    /// counts as a failure of its own.
    var expectFailure: Set<String> = []

    static let usage = """
        usage: render-eval [--drivers DIR] [--characters DIR] [--quick] [--keep DIR]
                           [--crop full|face] [--mouth auto|driver|synth] [--detail S] [--models DIR]
                           [--expect-failure NAME,...]
        """

    init(_ arguments: [String]) throws {
        var rest = arguments.makeIterator()
        func value(_ flag: String) throws -> String {
            guard let next = rest.next() else { throw UsageError("\(flag) needs a value") }
            return next
        }
        while let argument = rest.next() {
            switch argument {
            case "--drivers": drivers = try value(argument)
            case "--characters": characters = try value(argument)
            case "--quick": quick = true
            case "--keep": keep = try value(argument)
            case "--crop": crop = try value(argument)
            case "--mouth": mouth = try value(argument)
            case "--detail":
                guard let v = Float(try value(argument)), (0...2).contains(v) else { throw UsageError("--detail is 0...2") }
                detail = v
            case "--models": models = try value(argument)
            case "--expect-failure": expectFailure = Set(try value(argument).split(separator: ",").map(String.init))
            case "-h", "--help": throw UsageError(nil)
            default: throw UsageError("unknown argument \(argument)")
            }
        }
        guard ["full", "face"].contains(crop) else { throw UsageError("--crop is full or face") }
        guard ["auto", "driver", "synth"].contains(mouth) else { throw UsageError("--mouth is auto, driver or synth") }
    }
}

struct UsageError: Error {
    var message: String?
    init(_ message: String?) { self.message = message }
}

/// The clips and images to evaluate, in natural order (d3 before d10).
struct Inputs {
    var drivers: [String]
    var characters: [String]

    init(options: Options) throws {
        drivers = try Self.files(in: options.drivers, extensions: ["mp4", "mov", "mkv", "webm"])
        characters = try Self.files(in: options.characters, extensions: ["jpg", "jpeg", "png", "webp"])
        if options.quick {
            drivers = [drivers.first { name($0) == "d0" } ?? drivers[0]]
            characters = Array(characters.prefix(2))
        }
    }

    static func files(in directory: String, extensions: Set<String>) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        guard !names.isEmpty else { throw UsageError("no \(extensions.sorted().joined(separator: "/")) files in \(directory)") }
        return names.map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
    }
}

/// "d0" for ".../d0.mp4".
func name(_ path: String) -> String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
