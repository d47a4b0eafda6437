import CFFmpeg
import OutputFiles

/// Everything that can go wrong reading or writing media, each case carrying the file it concerns
/// and, where FFmpeg said something, FFmpeg's own message. `description` is one line meant for a
/// user: it says what went wrong with which file, not how the code got there.
public enum MediaError: Error, CustomStringConvertible, Equatable, Sendable {
    case fileNotFound(path: String)
    case notAFile(path: String)
    case emptyFile(path: String)
    /// FFmpeg could not open or recognise the file (its message explains why).
    case unreadable(path: String, ffmpegMessage: String)
    case noVideoStream(path: String)
    case noAudioStream(path: String)
    /// A still image was given where a video is expected.
    case stillImageNotVideo(path: String, format: String)
    /// A video was given where a still image is expected.
    case videoNotStillImage(path: String, format: String)
    case unsupportedCodec(path: String, codec: String)
    case decodeFailed(path: String, ffmpegMessage: String)
    /// The file ends before all the frames its index promises.
    case truncated(path: String, framesRead: Int, framesExpected: Int)
    case noFramesDecoded(path: String)
    case unsupportedSize(path: String, width: Int, height: Int, limit: String)
    case encoderUnavailable(name: String)
    case encodeFailed(path: String, ffmpegMessage: String)
    case writeFailed(path: String, ffmpegMessage: String)
    /// The output could not be placed or put in place (exists, bad folder, an input, ...).
    case output(OutputError)
    case invalidFrame(path: String, reason: String)
    case invalidSettings(reason: String)
    /// `--input-format` names no demuxer or device of this FFmpeg build.
    case unknownInputFormat(name: String)
    /// Input options that neither the demuxer, the device nor the protocol took.
    case unusedInputOptions(path: String, names: [String], format: String)
    /// A wait on a camera or the network was stopped (`InterruptFlag`).
    case interrupted(path: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): no such file"
        case .notAFile(let path): "\(path): is a directory, not a media file"
        case .emptyFile(let path): "\(path): the file is empty"
        case .unreadable(let path, let message): "\(path): not a readable media file (\(message))"
        case .noVideoStream(let path): "\(path): has no video stream"
        case .noAudioStream(let path): "\(path): has no audio stream"
        case .stillImageNotVideo(let path, let format): "\(path): is a still image (\(format)), not a video"
        case .videoNotStillImage(let path, let format): "\(path): is a video (\(format)), not a still image"
        case .unsupportedCodec(let path, let codec): "\(path): no decoder for codec '\(codec)' in this FFmpeg build"
        case .decodeFailed(let path, let message): "\(path): decoding failed (\(message))"
        case .truncated(let path, let read, let expected):
            "\(path): the file is truncated: only \(read) of \(expected) frames could be read"
        case .noFramesDecoded(let path): "\(path): no frame could be decoded"
        case .unsupportedSize(let path, let width, let height, let limit):
            "\(path): unsupported size \(width)x\(height) (\(limit))"
        case .encoderUnavailable(let name): "encoder '\(name)' is not available in this FFmpeg build"
        case .encodeFailed(let path, let message): "\(path): encoding failed (\(message))"
        case .writeFailed(let path, let message): "\(path): cannot write (\(message))"
        case .output(let error): error.description
        case .invalidFrame(let path, let reason): "\(path): \(reason)"
        case .invalidSettings(let reason): "invalid encoder settings: \(reason)"
        case .unknownInputFormat(let name): "no input format or device '\(name)' in this FFmpeg build (ffmpeg -formats lists them)"
        case .unusedInputOptions(let path, let names, let format):
            "\(path): \(format) does not take the option\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))"
        case .interrupted(let path): "\(path): stopped while waiting for it"
        }
    }
}

/// FFmpeg's message for an error code, e.g. "Invalid data found when processing input".
func ffmpegMessage(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    actone_error_string(code, &buffer, buffer.count)
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

/// FFmpeg's EOF and EAGAIN codes, which are macros in C.
let averrorEOF = actone_averror_eof()
let averrorEAGAIN = actone_averror_eagain()
