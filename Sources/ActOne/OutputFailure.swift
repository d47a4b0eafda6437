import MediaIO
import OutputFiles

/// Questions the executable asks of an error from any layer's outputs.
public enum OutputFailure {
    /// Whether the error is an output whose reader closed the pipe (`OutputError.readerClosed`,
    /// directly or inside a media error): the run should end quietly, as SIGPIPE would end it.
    public static func isClosedPipe(_ error: Error) -> Bool {
        switch error {
        case OutputError.readerClosed: true
        case MediaError.output(.readerClosed): true
        default: false
        }
    }
}
