import ActOne
import ArgumentParser
import Foundation
import OutputFiles

/// Runs a command body; any error becomes one line on stderr, `actone: <what went wrong>`, and
/// exit status 1. ArgumentParser's own usage errors keep their status (64).
func reportingFailure(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch  where OutputFailure.isClosedPipe(error) {
        // `actone track clip.mp4 -o - | head`: the reader has what it wanted; no message.
        SignalCleanup.exitForClosedPipe()
    } catch {
        let message = String(describing: error).split(separator: "\n").joined(separator: " ")
        StandardError.write("actone: \(message)\n")
        throw ExitCode.failure
    }
}
