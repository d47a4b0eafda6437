import FaceGeometry
import FaceTracking
import Foundation
import MediaIO
import Motion
import OutputFiles

/// The tracked frames of a clip, held on disk while the clip is still being read: the neutral
/// face is chosen from the whole clip, so no frame can be written until the last is tracked, and
/// holding them in memory would grow with the clip (478 landmarks are 5.7 kB a frame; ten
/// minutes at 30 fps, 100 MB). Records go to a temporary file and are read back in order once.
///
/// Record: index (Int64), time (Float64), presence (Float32, negative without a face),
/// landmark count (UInt32), then x, y, z (Float32) per landmark; native byte order (the file
/// never leaves this process).
final class TrackedFrameSpool {
    private let path: String
    private var handle: FileHandle?
    private var buffer = Data()
    private(set) var count = 0
    /// Pending bytes are written out when they pass this.
    private static let flushSize = 1 << 20

    init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("actone-track-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).spool").path
        let descriptor = SignalCleanup.createFile(path, readable: true)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            SignalCleanup.forget(path)
            throw PoseTrackFileError(path: path, "cannot create the temporary file the frames wait in: \(reason)")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    deinit {
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: path)
        SignalCleanup.forget(path)
    }

    func append(index: Int, time: Double, face: FaceLandmarks?) throws {
        func put<T>(_ value: T) { withUnsafeBytes(of: value) { buffer.append(contentsOf: $0) } }
        put(Int64(index))
        put(time)
        put(face?.presence ?? -1)
        let points = face?.points ?? []
        put(UInt32(points.count))
        for p in points { put(p.x); put(p.y); put(p.z) }
        count += 1
        if buffer.count >= Self.flushSize { try flush() }
    }

    private func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        // write(2) rather than FileHandle, whose error names a Cocoa code instead of the cause
        // (a full disk, the `ulimit -f` size limit).
        var done = 0
        while done < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(handle.fileDescriptor, $0.baseAddress! + done, $0.count - done) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = String(cString: strerror(errno))
                throw PoseTrackFileError(path: path, "cannot write the temporary file the frames wait in (\(reason))")
            }
            done += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads every record back in order, calling `body` with each; the spool is spent afterwards.
    func replay(_ body: (_ index: Int, _ time: Double, _ face: (points: [LandmarkPoint], presence: Float)?) throws -> Void) throws {
        try flush()
        guard let handle else { return }
        try handle.seek(toOffset: 0)
        var pending = Data()
        var offset = 0
        /// At least `n` unread bytes in `pending`, reading more as needed.
        func need(_ n: Int) throws {
            if pending.count - offset >= n { return }
            pending = pending.subdata(in: offset..<pending.count)
            offset = 0
            while pending.count < n {
                guard let more = try handle.read(upToCount: max(Self.flushSize, n)), !more.isEmpty else {
                    throw PoseTrackFileError(path: path, "the temporary file the frames wait in ended early")
                }
                pending.append(more)
            }
        }
        func take<T>(_ type: T.Type) throws -> T {
            try need(MemoryLayout<T>.size)
            let value = pending.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
            offset += MemoryLayout<T>.size
            return value
        }
        for _ in 0..<count {
            let index = Int(try take(Int64.self))
            let time = try take(Double.self)
            let presence = try take(Float.self)
            let n = Int(try take(UInt32.self))
            try need(n * 12)
            let points = pending.withUnsafeBytes { raw in
                (0..<n).map { i in
                    let base = offset + i * 12
                    return LandmarkPoint(
                        x: raw.loadUnaligned(fromByteOffset: base, as: Float.self),
                        y: raw.loadUnaligned(fromByteOffset: base + 4, as: Float.self),
                        z: raw.loadUnaligned(fromByteOffset: base + 8, as: Float.self))
                }
            }
            offset += n * 12
            try body(index, time, presence < 0 ? nil : (points, presence))
        }
    }
}
