import CFFmpeg

/// Which source audio an output container takes as it is, and what the rest is re-encoded to.
///
/// Muxers accept more than players play: FFmpeg's MP4 muxer takes Vorbis, Opus, FLAC and PCM,
/// but players, editors and browsers reliably play only AAC and MP3 inside MP4; WebM is defined
/// with Opus and Vorbis only.
struct ContainerAudio {
    /// Source codecs copied packet for packet.
    let copyable: Set<AVCodecID>
    /// What everything else becomes.
    let target: AudioEncoderChoice

    init(muxer: String) {
        switch muxer {
        case "webm":
            copyable = [AV_CODEC_ID_OPUS, AV_CODEC_ID_VORBIS]
            target = .opus
        default:
            copyable = [AV_CODEC_ID_AAC, AV_CODEC_ID_MP3]
            target = .aac
        }
    }
}

/// An audio encoder and the bit rates it is run at.
struct AudioEncoderChoice: Equatable {
    /// FFmpeg's encoder name.
    let encoderName: String
    let monoBitRate: Int64
    let stereoBitRate: Int64

    /// FFmpeg's native AAC encoder: at these rates close to transparent for speech and music.
    static let aac = AudioEncoderChoice(encoderName: "aac", monoBitRate: 96_000, stereoBitRate: 160_000)
    /// libopus (FFmpeg's native Opus encoder is experimental): Opus is transparent at lower
    /// rates than AAC.
    static let opus = AudioEncoderChoice(encoderName: "libopus", monoBitRate: 64_000, stereoBitRate: 128_000)
}
