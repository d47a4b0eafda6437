import Foundation
import Imaging
import MediaIO

/// One frame of a character clip as it is played: its pixels, which frame of the clip it is, and
/// from when it shows on the output's clock.
struct PlayedFrame {
    var image: RGBImage
    /// 0-based position of the frame in the clip.
    var index: Int
    /// Seconds from the start of playback at which this frame begins to show.
    var start: Double
    /// The start of a new pass through the clip that does not continue the previous frame
    /// (`repeat` jumping back to the first frame): smoothing and tracking start afresh.
    var isCut: Bool
    /// Whether this is the first pass through the clip (decoded as it was first read).
    var isFirstPass: Bool
}

/// Plays a character clip on the output's clock, looping as asked, with memory flat in the
/// clip's length.
///
/// The first pass decodes the clip forwards and records each frame's time (8 bytes a frame);
/// each frame then shows for the time until the next one (the last for one frame at the clip's
/// base rate), so a variable-rate clip keeps its timing. `repeat` reads the clip again from the
/// start; `pingpong` plays it backwards, then forwards, without showing the end frames twice.
/// Backwards is read a chunk at a time: a seek to the key frame before the chunk, its frames
/// decoded forwards into memory (at most `chunkBytes`), then given out last first.
final class ClipPlayback {
    let path: String
    let loop: CharacterClipSettings.Loop?
    /// Upright size of the clip's frames.
    let width: Int, height: Int
    /// The clip's rate: one frame's time, for the last frame of a pass.
    let frameRate: Rational
    /// The memory a backwards chunk may hold.
    static let chunkBytes = 256 << 20
    /// Frames per backwards chunk (at least 4, at most 120).
    let chunkFrames: Int

    private var reader: VideoReader
    /// Frame times of the first pass, seconds from the clip's start; complete once it has ended.
    private(set) var times: [Double] = []
    private var firstPassDone = false
    /// The frames of a backwards chunk not yet given out, last first.
    private var backwards: [(index: Int, image: RGBImage)] = []
    /// The frame indices of the current pass still to come, in playing order.
    private var pending: [Int].SubSequence = []
    /// Whether the pass being played goes backwards.
    private var playingBackwards = false
    private var clock = 0.0
    private var lastShown: (index: Int, image: RGBImage)?

    /// - Parameters:
    ///   - loop: nil plays the clip once.
    ///   - chunkFrames: frames per backwards chunk; by default as many as `chunkBytes` holds.
    init(path: String, loop: CharacterClipSettings.Loop?, chunkFrames: Int? = nil) throws {
        self.path = path
        self.loop = loop
        reader = try VideoReader(path: path)
        width = reader.width
        height = reader.height
        frameRate = reader.outputFrameRate.isValid ? reader.outputFrameRate : reader.frameRate
        self.chunkFrames = chunkFrames.map { max($0, 1) } ?? min(max(Self.chunkBytes / max(width * height * 3, 1), 4), 120)
    }

    /// Number of frames in the clip, once the first pass has ended; nil before.
    var frameCount: Int? { firstPassDone ? times.count : nil }

    /// How long frame `index` shows: until the next frame's time, the last one frame's time.
    func duration(of index: Int) -> Double {
        let nominal = 1 / max(frameRate.doubleValue, 1)
        guard index + 1 < times.count else { return nominal }
        let gap = times[index + 1] - times[index]
        return gap > 0 ? gap : nominal
    }

    /// The next frame in playing order, or nil when the clip has been played once without a
    /// loop. Throws `RenderError.characterClipEmpty` for a clip without a frame.
    func next() throws -> PlayedFrame? {
        if !firstPassDone {
            if let frame = try reader.nextFrame() {
                let index = times.count
                times.append(frame.time)
                let start = frame.time - times[0]
                clock = start
                lastShown = (index, frame.image)
                return PlayedFrame(image: frame.image, index: index, start: start, isCut: false, isFirstPass: true)
            }
            firstPassDone = true
            guard !times.isEmpty else { throw RenderError.characterClipEmpty(path: path) }
            clock += duration(of: times.count - 1)
            // A ping-pong's first loop goes back from the end it has reached.
            playingBackwards = false
        }
        guard let loop else { return nil }
        if pending.isEmpty {
            try startPass(loop)
        }
        guard let index = pending.first else { return nil }
        pending = pending.dropFirst()
        let image = try self.image(index)
        let start = clock
        clock += duration(of: index)
        let isCut = loop == .repeat && index == 0
        lastShown = (index, image)
        return PlayedFrame(image: image, index: index, start: start, isCut: isCut, isFirstPass: false)
    }

    /// Plans the next pass: the whole clip again for `repeat`; for `pingpong`, alternately
    /// backwards from the last frame but one and forwards from the second.
    private func startPass(_ loop: CharacterClipSettings.Loop) throws {
        let n = times.count
        switch loop {
        case .repeat:
            reader = try VideoReader(path: path)
            pending = Array(0..<n)[...]
        case .pingpong:
            if n == 1 {
                pending = [0]
            } else if playingBackwards {
                // Frame 0 ended the backwards pass: forwards again from the second.
                playingBackwards = false
                reader = try VideoReader(path: path)
                pending = Array(1..<n)[...]
            } else {
                // The last frame ended the forwards pass: backwards from the one before it.
                playingBackwards = true
                pending = Array((0...(n - 2)).reversed())[...]
                backwards = []
            }
        }
    }

    /// The pixels of frame `index` of the pass being played.
    private func image(_ index: Int) throws -> RGBImage {
        if let lastShown, lastShown.index == index { return lastShown.image }
        if playingBackwards {
            if backwards.isEmpty || backwards.last!.index != index { try readChunk(endingAt: index) }
            guard let frame = backwards.popLast() else { throw RenderError.characterClipUnreadable(path: path, frame: index) }
            return frame.image
        }
        // Forwards: frames come in order; one the decoder skipped shows the last one read.
        while let frame = try reader.nextFrame() {
            guard let found = position(of: frame.time) else { continue }
            if found == index { return frame.image }
            if found > index {
                return lastShown?.image ?? frame.image
            }
        }
        if let lastShown { return lastShown.image }
        throw RenderError.characterClipUnreadable(path: path, frame: index)
    }

    /// Decodes frames `index - chunkFrames + 1 ... index` into `backwards`, last at the end of
    /// the array so `popLast` gives them out backwards. Seeks to the key frame before the chunk;
    /// where seeking lands past it (a file without an index), reads from the start.
    private func readChunk(endingAt last: Int) throws {
        let first = max(0, last - chunkFrames + 1)
        var found: [Int: RGBImage] = [:]
        func collect(from reader: VideoReader) throws -> Bool {
            var reachedFirst = false
            while let frame = try reader.nextFrame() {
                guard let index = position(of: frame.time) else { continue }
                if index <= first { reachedFirst = true }
                if (first...last).contains(index) { found[index] = frame.image }
                if index >= last { break }
            }
            return reachedFirst
        }
        let seeker = try VideoReader(path: path)
        var complete = false
        if (try? seeker.seek(toTime: times[first])) != nil {
            complete = try collect(from: seeker)
        }
        if !complete {
            found = [:]
            _ = try collect(from: try VideoReader(path: path))
        }
        // Ascending, so the array's end is the chunk's last frame; a frame the decoder did not
        // give takes its nearest earlier neighbour's pixels.
        var chunk: [(index: Int, image: RGBImage)] = []
        var previous: RGBImage? = found[first] ?? found.min(by: { $0.key < $1.key })?.value
        for index in first...last {
            if let image = found[index] { previous = image }
            guard let previous else { throw RenderError.characterClipUnreadable(path: path, frame: index) }
            chunk.append((index, previous))
        }
        backwards = chunk
    }

    /// The first-pass index of the frame at `time`, matched within a quarter of a frame.
    private func position(of time: Double) -> Int? {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < time { low = mid + 1 } else { high = mid }
        }
        let tolerance = 0.25 / max(frameRate.doubleValue, 1)
        for candidate in [low - 1, low] where candidate >= 0 && candidate < times.count {
            if abs(times[candidate] - time) <= tolerance { return candidate }
        }
        return nil
    }
}
