import Foundation

/// ArgumentParser's report of a usage error (an `Error:` line, often a `Help:` line for the
/// option, a usage synopsis and a `See '… --help'` line) folded into the one line actone prints
/// for every failure: what was wrong, the values the option takes when it has a fixed set, and
/// where to read more.
///
///     actone: The value 'wide' is invalid for '--crop <crop>' (values: full, face); see 'actone render --help'
enum UsageErrorLine {
    static func make(from report: String) -> String {
        let lines = report.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var what = lines.first.map { $0.hasPrefix("Error: ") ? String($0.dropFirst("Error: ".count)) : $0 } ?? "invalid arguments"
        // A long set of values comes as a list under the first line ("one of the following:").
        if what.hasSuffix(" the following:") {
            let values = lines.dropFirst().prefix { $0.hasPrefix("- ") }.map { "'\($0.dropFirst(2))'" }
            what = what.dropLast(" the following:".count) + " " + values.joined(separator: ", ")
        }
        while what.hasSuffix(".") { what.removeLast() }
        if let values = capture(#"\(values: ([^;)]*)"#, in: report), !what.contains(values) {
            what += " (values: \(values))"
        }
        // A missing argument is easiest understood beside the synopsis, when it is short.
        if what.hasPrefix("Missing expected argument"), let usage = capture(#"Usage: (.*)"#, in: report), usage.count <= 80 {
            what += " (usage: \(usage))"
        }
        if let help = capture(#"See '([^']*)'"#, in: report) { what += "; see '\(help)'" }
        return "actone: " + what
    }

    /// The first capture group of `pattern` in `text`.
    private static func capture(_ pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}
