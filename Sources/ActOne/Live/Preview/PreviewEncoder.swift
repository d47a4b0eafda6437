import Foundation
import Imaging
import MediaIO

/// Turns the pictures the session offers into JPEGs for the stream's clients, on a thread of its
/// own: the session only swaps a reference into `pictures`; a picture not yet encoded when the
/// next comes is skipped. The picture shown is made here too (`PreviewPicture.shown`: the source
/// with its mesh beside the character, for `--preview-source`). Encoding is JPEG through MediaIO
/// (`JPEGEncoder`, FFmpeg's mjpeg).
final class PreviewEncoder: @unchecked Sendable {
    let pictures = NewestValue<PreviewPicture>()
    let jpegs = NewestValue<[UInt8]>()
    private let finished = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "actone preview encoder"
        thread.start()
    }

    private func run() {
        var encoder: JPEGEncoder?
        var seen = 0
        while let (number, offered) = pictures.next(after: seen) {
            seen = number
            let picture = offered.shown
            do {
                // A new size (a source that changed size) needs a new encoder.
                if encoder?.width != picture.width || encoder?.height != picture.height {
                    encoder = try JPEGEncoder(width: picture.width, height: picture.height)
                }
                jpegs.put(try encoder!.encode(picture))
            } catch {
                // Only an encoder that cannot be made (out of memory) fails here; the page then
                // keeps the last picture, and the session, which needs no preview, goes on.
                return
            }
        }
    }

    /// Stops encoding, ends the clients' waits, and waits for the thread.
    func close() {
        pictures.close()
        jpegs.close()
        finished.wait()
    }
}
