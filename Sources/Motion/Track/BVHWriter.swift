import Foundation
import OutputFiles

/// Streams head and eye rotations as a Biovision Hierarchy (BVH) file, which Blender's importer
/// (and MotionBuilder's, for Maya) reads. See docs/bvh.md.
///
/// Skeleton (offsets in centimetres; Y up, the character faces +Z, the performer's left is +X):
///
///     ROOT Root          0 0 0       Xposition Yposition Zposition Zrotation Yrotation Xrotation
///       JOINT Neck       0 5 0       Zrotation Yrotation Xrotation
///         JOINT Head     0 11 2      Zrotation Yrotation Xrotation
///           JOINT LeftEye   3.2 4 7.5   Zrotation Yrotation Xrotation, End Site 0 0 1.2
///           JOINT RightEye -3.2 4 7.5   Zrotation Yrotation Xrotation, End Site 0 0 1.2
///
/// Per frame, 18 numbers on one line: Root position and rotation 0 (the capture is of the face,
/// not the body), Neck 0, Head from `frame.pose`, each eye from `frame.gaze` (eye roll 0). A frame
/// without a pose (or gaze) repeats the last head (or eye) values written, 0 before the first.
/// Angles are degrees with 4 decimals.
///
/// BVH states `Frames: N` before the motion, so the motion lines go to a spool file beside the
/// target as frames arrive; `finish()` writes the hierarchy and the motion header to the output's
/// temporary file, copies the spool after them in blocks, and renames the result onto the target.
/// Memory stays flat however long the clip. Any error, `abandon()`, or dropping the writer
/// unfinished removes both temporary files and leaves the target untouched.
public final class BVHWriter {
    /// Seconds per frame, written as `Frame Time`.
    public let frameTime: Double
    /// Motion lines written to the spool so far.
    public private(set) var framesWritten = 0

    /// Where the finished file is assembled until `finish()` renames it onto the target.
    public var temporaryPath: String { output.file.workingPath }
    /// The target file.
    public var path: String { output.path }
    /// Where the motion lines wait until `finish()` (beside the target, removed on finish and abandon).
    let spoolPath: String

    private let output: OutputFileWriter
    private var spool: FileHandle?
    private var spoolBuffer = Data()
    private let blockSize = 1 << 16

    private enum State { case open, finished, abandoned }
    private var state = State.open

    /// The values held for a frame without a face: the last ones written, zero before any.
    private var heldHead = RotationChannels.zero
    private var heldLeftEye = RotationChannels.zero
    private var heldRightEye = RotationChannels.zero

    /// Numbers per motion line: 6 for Root, 3 for each of the four other joints.
    public static let channelsPerFrame = 18

    /// Decimals of the angles in the motion lines.
    static let angleDecimals = 4

    /// Creates the output's temporary file and the spool now, so that an existing target (without
    /// `overwrite`), a missing folder or a bad frame time fails before any tracking work.
    /// - Parameters:
    ///   - path: the `.bvh` file to write.
    ///   - frameTime: seconds per frame (1 / fps); must be positive and finite.
    ///   - overwrite: replace an existing file at `path` (otherwise that is an error).
    public init(path: String, frameTime: Double, overwrite: Bool = false) throws {
        guard frameTime.isFinite, frameTime > 0 else {
            throw PoseTrackFileError(path: path, "the frame time must be a positive number of seconds (got \(frameTime))")
        }
        self.frameTime = frameTime
        output = try OutputFileWriter(path: path, overwrite: overwrite, standardOutput: "a track")
        // Named after the output's temporary file, which is already unique (process id and a
        // random token), so two writers aimed at the same target cannot share a spool.
        let base = output.file.workingPath
        spoolPath = base + ".motion.tmp"
        let descriptor = SignalCleanup.createFile(spoolPath, readable: true)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            SignalCleanup.forget(spoolPath)
            output.abandon()
            throw PoseTrackFileError(path: output.path, "cannot create a temporary file beside it: \(reason)")
        }
        spool = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    deinit {
        if state == .open { abandon() }
    }

    /// Adds one frame's motion line. A frame without `pose` (or `gaze`) repeats the previous head
    /// (or eye) rotations. Throws (and abandons the file) on a non-finite angle or a failed write.
    public func append(_ frame: FrameMotion) throws {
        try failing {
            guard state == .open else { throw PoseTrackFileError(path: path, "append after finish or abandon") }
            if let pose = frame.pose {
                try requireFinite([pose.yaw, pose.pitch, pose.roll], "pose", frame)
                heldHead = Self.headChannels(yaw: Double(pose.yaw), pitch: Double(pose.pitch), roll: Double(pose.roll))
            }
            if let gaze = frame.gaze {
                try requireFinite([gaze.leftYaw, gaze.leftPitch, gaze.rightYaw, gaze.rightPitch], "gaze", frame)
                heldLeftEye = Self.eyeChannels(yaw: Double(gaze.leftYaw), pitch: Double(gaze.leftPitch))
                heldRightEye = Self.eyeChannels(yaw: Double(gaze.rightYaw), pitch: Double(gaze.rightPitch))
            }
            try spoolWrite(motionLine())
            framesWritten += 1
        }
    }

    /// Writes the hierarchy, the motion header and the spooled motion lines, and renames the
    /// file onto the target. A track with no frames is an error and leaves nothing (Blender's
    /// importer fails on a BVH with `Frames: 0`). A second `finish()` does nothing.
    public func finish() throws {
        if state == .finished { return }
        try failing {
            guard state == .open else { throw PoseTrackFileError(path: path, "finish after abandon") }
            guard framesWritten > 0 else {
                throw PoseTrackFileError(path: path, "no frames to write (a BVH needs at least one)")
            }
            try output.write(Self.hierarchyText)
            try output.write("MOTION\nFrames: \(framesWritten)\nFrame Time: \(Self.frameTimeText(frameTime))\n")
            try copySpoolToOutput()
            try output.commit()
            closeAndRemoveSpool()
            state = .finished
        }
    }

    /// Stops writing and removes the temporary file and the spool; the target is left as it was.
    public func abandon() {
        guard state == .open else { return }
        state = .abandoned
        output.abandon()
        closeAndRemoveSpool()
    }

    // MARK: - Writing

    /// Runs `body`; on any error abandons everything, so a half-written BVH never reaches the target.
    private func failing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            abandon()
            throw error
        }
    }

    private func requireFinite(_ values: [Float], _ field: String, _ frame: FrameMotion) throws {
        guard values.allSatisfy(\.isFinite) else {
            throw PoseTrackFileError(path: path, "frame \(frame.index): \(field) has an angle that is not finite")
        }
    }

    /// The 18 channel values of the current frame, in hierarchy order, one line.
    private func motionLine() -> String {
        let rootAndNeck = "0 0 0 0 0 0 0 0 0"
        return [rootAndNeck, heldHead.text, heldLeftEye.text, heldRightEye.text].joined(separator: " ") + "\n"
    }

    private func spoolWrite(_ text: String) throws {
        spoolBuffer.append(contentsOf: text.utf8)
        if spoolBuffer.count >= blockSize { try flushSpool() }
    }

    private func flushSpool() throws {
        guard let spool, !spoolBuffer.isEmpty else { return }
        do {
            try spool.write(contentsOf: spoolBuffer)
        } catch {
            throw PoseTrackFileError(path: path, "write failed: \(error.localizedDescription)")
        }
        spoolBuffer.removeAll(keepingCapacity: true)
    }

    /// Appends the spool to the output a block at a time (never the whole motion in memory).
    private func copySpoolToOutput() throws {
        try flushSpool()
        guard let spool else { return }
        do {
            try spool.seek(toOffset: 0)
            while let block = try spool.read(upToCount: blockSize), !block.isEmpty {
                // The spool is ASCII, so a block boundary never splits a character.
                try output.write(String(decoding: block, as: UTF8.self))
            }
        } catch let error as PoseTrackFileError {
            throw error
        } catch {
            throw PoseTrackFileError(path: path, "cannot read back the temporary motion file: \(error.localizedDescription)")
        }
    }

    private func closeAndRemoveSpool() {
        try? spool?.close()
        spool = nil
        spoolBuffer = Data()
        unlink(spoolPath)
        SignalCleanup.forget(spoolPath)
    }

    // MARK: - The file's text

    /// `Frame Time` in plain decimal notation with 9 significant digits, trailing zeros dropped
    /// (0.0166666667 at 60 fps, 0.0333666667 at 29.97): off by at most 5e-9 relative, so frame
    /// times drift about a thousandth of a frame in an hour, and importers recover the rate as 1 / t.
    static func frameTimeText(_ seconds: Double) -> String {
        let leadingDigitPower = Int(log10(seconds).rounded(.down))
        let decimals = max(0, 8 - leadingDigitPower)
        var text = String(format: "%.\(decimals)f", seconds)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// One joint of the skeleton: where it sits relative to its parent, in centimetres.
    struct Joint {
        let name: String
        let offset: SIMD3<Double>
        let children: [Joint]
        /// Where the last bone of a chain ends, relative to its joint (nil when it has children).
        let endSite: SIMD3<Double>?
    }

    /// The rotation channels of every joint, in the order they are listed and applied.
    static let rotationChannelNames = "Zrotation Yrotation Xrotation"

    /// A typical adult: Root on the upper spine between the shoulders, at the origin (so a root
    /// position of 0 means the same in importers that read it as absolute and as added to the
    /// offset); Neck at the base of the neck; Head at the top of the spine where the skull pivots;
    /// the eyes' centres 6.4 cm apart, above and in front of that pivot; each eye's end site on
    /// the cornea (an eyeball is about 2.4 cm across), so the eye bone points where it looks.
    static let skeleton = Joint(
        name: "Root", offset: [0, 0, 0],
        children: [
            Joint(
                name: "Neck", offset: [0, 5, 0],
                children: [
                    Joint(
                        name: "Head", offset: [0, 11, 2],
                        children: [
                            Joint(name: "LeftEye", offset: [3.2, 4, 7.5], children: [], endSite: [0, 0, 1.2]),
                            Joint(name: "RightEye", offset: [-3.2, 4, 7.5], children: [], endSite: [0, 0, 1.2]),
                        ], endSite: nil)
                ], endSite: nil)
        ], endSite: nil)

    /// HIERARCHY through the closing brace of the root, tab-indented.
    static let hierarchyText: String = {
        func offsetLine(_ v: SIMD3<Double>) -> String {
            "OFFSET " + [v.x, v.y, v.z].map { CompactNumber.format($0, decimals: 4) }.joined(separator: " ")
        }
        func block(_ joint: Joint, depth: Int, isRoot: Bool) -> [String] {
            let pad = String(repeating: "\t", count: depth)
            let channels =
                isRoot
                ? "CHANNELS 6 Xposition Yposition Zposition \(rotationChannelNames)"
                : "CHANNELS 3 \(rotationChannelNames)"
            var lines = [
                "\(pad)\(isRoot ? "ROOT" : "JOINT") \(joint.name)", "\(pad){",
                "\(pad)\t\(offsetLine(joint.offset))", "\(pad)\t\(channels)",
            ]
            for child in joint.children { lines += block(child, depth: depth + 1, isRoot: false) }
            if let end = joint.endSite {
                lines += ["\(pad)\tEnd Site", "\(pad)\t{", "\(pad)\t\t\(offsetLine(end))", "\(pad)\t}"]
            }
            return lines + ["\(pad)}"]
        }
        return (["HIERARCHY"] + block(skeleton, depth: 0, isRoot: true)).joined(separator: "\n") + "\n"
    }()

    // MARK: - Rotations

    /// One joint's rotation as its three channel values in degrees, in file order: the joint's
    /// rotation is Rz(z) · Ry(y) · Rx(x) acting on column vectors in the parent's frame.
    struct RotationChannels: Equatable {
        var z: Double
        var y: Double
        var x: Double

        static let zero = RotationChannels(z: 0, y: 0, x: 0)

        var text: String {
            [z, y, x].map { CompactNumber.format($0, decimals: BVHWriter.angleDecimals) }.joined(separator: " ")
        }
    }

    /// The head's rotation in the BVH frame (x the performer's left, y up, z out of the face).
    ///
    /// That frame is the one `HeadPose` is measured in (x towards the image's right, which is the
    /// performer's left when they face the camera; y up; z towards the camera), so the pose's own
    /// rotation, `Rz(−roll) · Ry(yaw) · Rx(−pitch)`, needs no change of axes: yaw > 0 turns +Z
    /// towards +X, pitch > 0 lifts +Z towards +Y, roll > 0 tips +Y towards +X.
    static func headRotation(yaw: Double, pitch: Double, roll: Double) -> Mat3 {
        HeadPoseEstimator.rotation(yaw: yaw, pitch: pitch, roll: roll)
    }

    /// BVH channel values for a head pose.
    static func headChannels(yaw: Double, pitch: Double, roll: Double) -> RotationChannels {
        channels(of: headRotation(yaw: yaw, pitch: pitch, roll: roll))
    }

    /// BVH channel values for an eye, relative to the head: the same convention as the head with
    /// roll 0 (yaw > 0 looks to the performer's left, pitch > 0 looks up).
    static func eyeChannels(yaw: Double, pitch: Double) -> RotationChannels {
        channels(of: headRotation(yaw: yaw, pitch: pitch, roll: 0))
    }

    /// Decomposes a rotation as Rz(z) · Ry(y) · Rx(x), which is what the channel order
    /// `Zrotation Yrotation Xrotation` means to BVH importers. y is kept in −90…90.
    static func channels(of m: Mat3) -> RotationChannels {
        let degrees = 180 / Double.pi
        // Rz(z)·Ry(y)·Rx(x) has first column (cos z cos y, sin z cos y, −sin y) and bottom row
        // (−sin y, cos y sin x, cos y cos x).
        let cosY = (m[0, 0] * m[0, 0] + m[1, 0] * m[1, 0]).squareRoot()
        let y = atan2(-m[2, 0], cosY)
        guard cosY > 1e-9 else {
            // y = ±90°: only z ∓ x is determined; put it all in z (x = 0), read from the second column.
            return RotationChannels(z: atan2(-m[0, 1], m[1, 1]) * degrees, y: y * degrees, x: 0)
        }
        return RotationChannels(
            z: atan2(m[1, 0], m[0, 0]) * degrees, y: y * degrees,
            x: atan2(m[2, 1], m[2, 2]) * degrees)
    }
}
