import CFFmpeg

/// What `VideoWriter` writes: the container, the video codec and whether frames carry alpha.
public enum VideoOutputFormat: Sendable, Equatable, CaseIterable {
    /// H.264 (libx264, yuv420p) in MP4, index at the front: plays everywhere; opaque.
    case h264MP4
    /// VP9 (libvpx-vp9, yuva420p) in WebM: the one widely played video format with an alpha
    /// channel (browsers, editors, OBS). libvpx codes the alpha plane as a second VP9 stream
    /// that the WebM muxer stores in each block's BlockAdditional, and marks the track
    /// AlphaMode=1.
    case vp9AlphaWebM

    /// The file name extension this format is written with.
    public var fileExtension: String {
        switch self {
        case .h264MP4: "mp4"
        case .vp9AlphaWebM: "webm"
        }
    }

    /// Whether frames are written with an alpha plane.
    public var carriesAlpha: Bool { self == .vp9AlphaWebM }

    /// FFmpeg's muxer.
    var muxer: String {
        switch self {
        case .h264MP4: "mp4"
        case .vp9AlphaWebM: "webm"
        }
    }

    /// Muxer options. MP4 moves its index to the front so playback starts before the download
    /// ends; WebM needs nothing (its cues go at the end, which browsers handle).
    var muxerOptions: [String: String] {
        switch self {
        case .h264MP4: ["movflags": "+faststart"]
        case .vp9AlphaWebM: [:]
        }
    }

    var encoderName: String {
        switch self {
        case .h264MP4: "libx264"
        case .vp9AlphaWebM: "libvpx-vp9"
        }
    }

    var pixelFormat: AVPixelFormat {
        switch self {
        case .h264MP4: AV_PIX_FMT_YUV420P
        case .vp9AlphaWebM: AV_PIX_FMT_YUVA420P
        }
    }

    /// The encoder's private options for `settings`, which speak x264's language (CRF 0...51,
    /// presets ultrafast...placebo) whatever the codec.
    func encoderOptions(_ settings: VideoEncoderSettings) -> [String: String] {
        switch self {
        case .h264MP4:
            var options = ["crf": String(settings.crf), "preset": settings.preset]
            if settings.lowLatency { options["tune"] = "zerolatency" }
            return options
        case .vp9AlphaWebM:
            let speed = Self.vp9Speed(preset: settings.preset)
            var options = [
                "deadline": speed.deadline, "cpu-used": String(speed.cpuUsed),
                // Threads within a frame's tile rows too: without it libvpx uses one
                // thread per tile column, and a 512-px frame has one or two.
                "row-mt": "1",
            ]
            // x264's CRF 0 is lossless; libvpx's CRF 0 is only its best lossy quality.
            if settings.crf == 0 { options["lossless"] = "1" } else { options["crf"] = String(Self.vp9CRF(x264: settings.crf)) }
            return options
        }
    }

    /// libvpx's CRF (0...63) for an x264 CRF (0...51): the two scales stretched onto each other,
    /// `round(crf × 63 / 51)`, so both ends and the sense of the numbers carry over: x264's 18
    /// (visually transparent) becomes 22, its default 23 becomes 28, and Google's recommended
    /// 31...33 for VP9 at HD and below corresponds to x264's 25...27. Used with a zero target
    /// bit rate: constant quality, the analogue of x264's CRF.
    public static func vp9CRF(x264 crf: Double) -> Int {
        Int((min(max(crf, 0), 51) * 63 / 51).rounded())
    }

    /// libvpx's deadline and speed for an x264 preset: the setting that costs about what the
    /// x264 preset of that name costs. Measured on a 512×512 render, 2 cores: x264 `medium`
    /// 0.55 s of CPU per 100 frames; libvpx `realtime` speed 5 0.59 s (and 30 % larger at the
    /// same PSNR), `good` speed 4 2.7 s. `good` (file encoding, speeds 0...5) is kept for the
    /// slow presets, where a user asks for size over time.
    static func vp9Speed(preset: String) -> (deadline: String, cpuUsed: Int) {
        switch preset {
        case "ultrafast": ("realtime", 8)
        case "superfast", "veryfast": ("realtime", 7)
        case "faster", "fast": ("realtime", 6)
        case "medium": ("realtime", 5)
        case "slow": ("good", 4)
        case "slower": ("good", 2)
        case "veryslow": ("good", 1)
        default: ("good", 0)  // placebo
        }
    }
}
