/// What can stop `actone live`, said in one line.
public enum LiveError: Error, CustomStringConvertible, Equatable {
    case unresolvedHost(host: String, reason: String)
    case socketFailed(host: String, port: Int, reason: String)
    /// `--preview`'s port could not be listened on (in use, privileged, not an address of ours).
    case previewUnavailable(host: String, port: Int, reason: String)
    /// An output URL whose container cannot be told from it.
    case outputFormatNeeded(url: String)
    case nothingToDo
    case frameRate(source: String)

    public var description: String {
        switch self {
        case .unresolvedHost(let host, let reason): "cannot find host \(host): \(reason)"
        case .socketFailed(let host, let port, let reason): "cannot send to \(host):\(port): \(reason)"
        case .previewUnavailable(let host, let port, let reason): "--preview: cannot listen on \(host):\(port): \(reason)"
        case .outputFormatNeeded(let url):
            "\(url): say which container to stream with --output-format (mpegts for udp:// and srt://, flv for rtmp://)"
        case .nothingToDo:
            "give at least one output: -o FILE|URL, --record TRACK.json, --send vmc://HOST:PORT or livelink://HOST:PORT, or --preview PORT"
        case .frameRate(let source): "\(source): the source has no usable frame rate"
        }
    }
}
