import Foundation
import Imaging
import Motion

/// `--preview PORT`: a web page served from the process showing the live picture (what `-o`
/// encodes) and the live figures (`PreviewServer`, `PreviewPage`).
///
/// It is kept off the session's path: the session asks `wantsPicture()` (no client reading the
/// stream, or one offered less than 1/`maximumRate` s ago: no), hands over the picture it made
/// (a reference, no copy), and records its figures under a short lock. JPEG encoding runs on the
/// preview's encoder thread, sending on each client's thread.
final class LivePreview {
    /// Pictures a second the stream carries at most: enough to judge a performance by, at a
    /// fraction of the encoding a full-rate stream would cost.
    static let maximumRate = 15.0
    /// The shortest gap between two pictures offered, a little under 1/`maximumRate`: camera
    /// frames come with jitter, and one a millisecond short of the mark would wait for the
    /// next frame, making a 30 frames/s camera's 15 pictures a second 10.
    static let minimumInterval = 0.8 / maximumRate

    let url: String
    /// `--preview-source`: the source with the face mesh is shown beside the character.
    let showsSource: Bool
    private let figures: PreviewFigures
    private let encoder: PreviewEncoder
    private let server: PreviewServer
    private var lastOffered = -Double.infinity
    private var closed = false

    /// Listens on `host`:`port` at once: a port in use fails here.
    init(host: String, port: Int, showsSource: Bool, dropped: @escaping @Sendable () -> Int) throws {
        self.showsSource = showsSource
        let figures = PreviewFigures(dropped: dropped)
        self.figures = figures
        encoder = PreviewEncoder()
        do {
            server = try PreviewServer(
                host: host, port: port, page: PreviewPage.html, stats: { figures.stats.json }, jpegs: encoder.jpegs)
        } catch {
            encoder.close()
            throw error
        }
        url = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
    }

    /// Whether the next picture would be shown: someone is watching, and the last one offered
    /// was long enough ago. The session makes the picture only then (when it has no `-o`).
    func wantsPicture() -> Bool {
        server.streamingClients > 0 && LiveClock.now() - lastOffered >= Self.minimumInterval
    }

    /// Gives the picture to the encoder thread (replacing one it has not started on).
    func show(_ picture: PreviewPicture) {
        lastOffered = LiveClock.now()
        encoder.pictures.put(picture)
    }

    func record(latency: Double, faceFound: Bool, measured: FrameMotion?, calibrating: Bool) {
        figures.record(latency: latency, faceFound: faceFound, measured: measured, calibrating: calibrating)
    }

    /// Ends the encoder and the streams, closes every connection and the listening socket.
    func close() {
        guard !closed else { return }
        closed = true
        encoder.close()
        server.close()
    }
}
