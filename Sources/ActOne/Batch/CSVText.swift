import Foundation

/// Comma-separated values as RFC 4180 has them: fields holding a comma, a quote or a line break
/// are quoted, quotes inside doubled. Enough for the batch report, whose error texts can hold any of these.
enum CSVText {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    /// The rows of a CSV text; quoted fields may span lines. Blank lines are dropped.
    static func rows(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field); field = ""
                if row != [""] { rows.append(row) }
                row = []
            } else {
                field.append(c)
            }
        }
        guard !quoted else { throw CSVError() }
        row.append(field)
        if row != [""] { rows.append(row) }
        return rows
    }

    struct CSVError: Error, CustomStringConvertible {
        var description: String { "a quoted field is not closed" }
    }
}
