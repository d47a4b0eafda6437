import ArgumentParser
import Foundation

/// Runs a command body; any error becomes one line on stderr, `actone: <what went wrong>`, and
/// exit status 1. ArgumentParser's own usage errors keep their status (64).
func reportingFailure(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        let message = String(describing: error).split(separator: "\n").joined(separator: " ")
        FileHandle.standardError.write(Data("actone: \(message)\n".utf8))
        throw ExitCode.failure
    }
}
