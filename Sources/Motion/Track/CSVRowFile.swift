import OutputFiles

/// A CSV file written a row at a time through an `OutputFileWriter`: the header when created, then
/// one line per frame. Any failure abandons the file, so a half-written track never reaches its
/// target. Shared by the wide CSV and the Live Link Face writers.
final class CSVRowFile {
    let output: OutputFileWriter
    private(set) var rowsWritten = 0
    private var finished = false

    init(path: String, overwrite: Bool, header: [String]) throws {
        output = try OutputFileWriter(path: path, overwrite: overwrite, standardOutput: "a track")
        do {
            try output.write(header.joined(separator: ",") + "\n")
        } catch {
            output.abandon()
            throw error
        }
    }

    /// Writes the row `makeRow` returns (no newline).
    func append(_ makeRow: () throws -> String) throws {
        do {
            guard !finished else { throw PoseTrackFileError(path: output.path, "append after finish") }
            try output.write(try makeRow() + "\n")
            rowsWritten += 1
        } catch {
            output.abandon()
            throw error
        }
    }

    func finish() throws {
        guard !finished else { return }
        try output.commit()
        finished = true
    }

    func abandon() { output.abandon() }
}
