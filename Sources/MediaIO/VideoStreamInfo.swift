import CFFmpeg

/// Facts about a video stream that both `VideoReader` and `MediaProbe` report.
struct VideoStreamFacts {
    var storedWidth: Int
    var storedHeight: Int
    /// Degrees clockwise the stored picture must turn to be upright (0, 90, 180, 270).
    var rotation: Int
    var frameRate: Rational
    /// The rate a constant-rate copy of the stream is written at (`VideoReader.outputFrameRate`).
    var outputFrameRate: Rational
    var duration: Double?
    /// The frame count the container's index declares, if it has one.
    var indexedFrameCount: Int?
    var startTime: Double
    var codecName: String
    var pixelFormat: String

    init(stream: UnsafeMutablePointer<AVStream>, container: UnsafeMutablePointer<AVFormatContext>) {
        let parameters = stream.pointee.codecpar.pointee
        let timeBase = stream.pointee.time_base
        storedWidth = Int(parameters.width)
        storedHeight = Int(parameters.height)
        rotation = VideoStreamFacts.rotation(of: stream)

        let average = Rational(stream.pointee.avg_frame_rate)
        let real = Rational(stream.pointee.r_frame_rate)
        frameRate = average.isValid ? average : (real.isValid ? real : Rational(25, 1))
        // A variable-rate clip (a phone dropping frames) has an average below the rate it was
        // shot at; FFmpeg's r_frame_rate is that base rate (the one every timestamp fits).
        // Writing at it keeps every frame the source has, where the average would drop some.
        // Beyond 4x the average, or 240 fps, r_frame_rate is a timestamp artefact (a 1/1000
        // time base), not a camera rate.
        let baseIsUsable =
            real.isValid && real.doubleValue <= 240
            && (!average.isValid || (real.doubleValue >= average.doubleValue && real.doubleValue <= 4 * average.doubleValue))
        outputFrameRate = baseIsUsable ? real : frameRate

        if stream.pointee.duration != actone_nopts_value(), stream.pointee.duration > 0 {
            duration = Double(stream.pointee.duration) * av_q2d(timeBase)
        } else if container.pointee.duration != actone_nopts_value(), container.pointee.duration > 0 {
            duration = Double(container.pointee.duration) / Double(actone_time_base())
        } else {
            duration = nil
        }
        indexedFrameCount = stream.pointee.nb_frames > 0 ? Int(stream.pointee.nb_frames) : nil
        startTime =
            stream.pointee.start_time != actone_nopts_value()
            ? Double(stream.pointee.start_time) * av_q2d(timeBase) : 0
        codecName = String(cString: avcodec_get_name(parameters.codec_id))
        pixelFormat = av_get_pix_fmt_name(AVPixelFormat(rawValue: parameters.format)).map { String(cString: $0) } ?? "unknown"
    }

    /// Upright width and height, after the display rotation.
    var width: Int { rotation % 180 == 0 ? storedWidth : storedHeight }
    var height: Int { rotation % 180 == 0 ? storedHeight : storedWidth }

    /// The frame count from the index, or estimated from duration and rate.
    var frameCountEstimate: Int? {
        if let indexedFrameCount { return indexedFrameCount }
        guard let duration, frameRate.isValid else { return nil }
        return Int((duration * frameRate.doubleValue).rounded())
    }

    /// The clockwise rotation a player applies for the stream's display matrix, as the `ffmpeg`
    /// CLI's autorotate does: the matrix holds a counterclockwise angle.
    static func rotation(of stream: UnsafeMutablePointer<AVStream>) -> Int {
        guard let matrix = actone_stream_display_matrix(stream) else { return 0 }
        let counterclockwise = av_display_rotation_get(matrix)
        guard counterclockwise.isFinite else { return 0 }
        let clockwise = Int((-counterclockwise / 90).rounded()) * 90
        return ((clockwise % 360) + 360) % 360
    }
}
