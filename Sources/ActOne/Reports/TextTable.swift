/// A plain-text table with aligned columns, for terminal reports. A row with fewer cells than
/// the header lets its last cell (a note, an error) run on across the remaining columns
/// without widening them.
public struct TextTable {
    public var header: [String]?
    public var rows: [[String]] = []

    public init(header: [String]? = nil) { self.header = header }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render(indent: String = "") -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() where row.count == columns || i < row.count - 1 {
                widths[i] = max(widths[i], cell.count)
            }
        }
        func line(_ row: [String]) -> String {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }
            return indent + cells.joined(separator: "  ")
        }
        var lines: [String] = []
        if let header {
            lines.append(line(header))
            lines.append(indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        }
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
