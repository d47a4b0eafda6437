import Foundation
import OutputFiles

/// Messages and progress on stderr, written with write(2).
///
/// Not `FileHandle.standardError.write`: that traps when the write fails, and with SIGPIPE
/// ignored (see `SignalCleanup`) a write to a closed pipe (`actone batch … 2>&1 | head -3`) fails
/// with EPIPE. Nobody is listening any more: the run ends as SIGPIPE would have ended it, its
/// temporary files removed. Any other failure drops the message.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress! + done, $0.count - done) }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && errno == EPIPE { SignalCleanup.exitForClosedPipe() }
            guard written > 0 else { return }
            done += written
        }
    }
}
