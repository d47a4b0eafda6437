/// The state of every model, in catalogue order: what `actone models` prints (as a table, or as
/// JSON through `Codable`).
public struct ModelReport: Sendable, Equatable, Codable {
    /// Directories searched, in order.
    public let searched: [ModelSearchLocation]
    /// One entry per `FaceModel`, in `FaceModel.allCases` order.
    public let models: [ModelLocation]

    public init(searched: [ModelSearchLocation], models: [ModelLocation]) {
        self.searched = searched
        self.models = models
    }

    /// True when every model is present and verified.
    public var allVerified: Bool { models.allSatisfy { $0.status.isUsable } }

    /// A plain-text table, one row per model, columns aligned; no trailing newline.
    public func table() -> String {
        let header = ["MODEL", "STATUS", "SIZE", "PATH"]
        let rows = models.map { entry in
            [
                entry.model.fileName,
                entry.status.description,
                entry.sizeBytes.map(Self.formatSize) ?? "-",
                entry.path ?? "-",
            ]
        }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1
                    ? row[column]
                    : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Decimal units (as `ls -h --si` and file managers show), one decimal place.
    static func formatSize(_ bytes: Int64) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        // 999.95 rather than 1000 so that rounding to one decimal never prints "1000.0 kB".
        while value >= 999.95 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
