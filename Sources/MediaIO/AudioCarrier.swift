import CFFmpeg

/// Where an output's audio comes from: the best audio stream of a file (normally the driving
/// video), aligned so that `startTime` seconds on that file's clock is time 0 of the output.
public struct AudioSource: Sendable, Equatable {
    public var path: String
    /// Usually the driving video stream's `VideoReader.startTime`, so sound stays in sync with
    /// the frames rendered from it.
    public var startTime: Double

    public init(path: String, startTime: Double = 0) {
        self.path = path
        self.startTime = startTime
    }
}

/// Carries a source file's audio into an output container alongside the video being written:
/// codecs the container plays well are stream-copied, anything else is decoded and re-encoded
/// (`ContainerAudio` says which, per container: AAC/MP3 copied or AAC in MP4, Opus/Vorbis
/// copied or Opus in WebM). The audio is kept in step with the video (`advance(to:)` after each
/// frame, so memory stays flat and the file interleaves well) and trimmed to the video's length.
final class AudioCarrier {
    enum Mode: Equatable { case copy, transcode }

    let mode: Mode
    /// FFmpeg's name of the codec written: the source's when copied, the encoder's otherwise.
    let outputCodec: String
    private let source: AudioSource
    private let input: InputFile
    private let inputStreamIndex: Int
    private let inputTimeBase: AVRational
    private let output: OutputContainer
    let stream: UnsafeMutablePointer<AVStream>
    private let packet = Packet()
    /// The next source packet, read ahead but not yet due.
    private var pending: Packet?
    private var sourceEnded = false
    private let transcoder: AudioTranscoder?

    init(source: AudioSource, output: OutputContainer) throws(MediaError) {
        self.source = source
        self.output = output
        input = try InputFile(path: source.path)
        guard let index = input.bestStream(AVMEDIA_TYPE_AUDIO) else { throw .noAudioStream(path: source.path) }
        inputStreamIndex = index
        let inputStream = input.stream(index)
        inputTimeBase = inputStream.pointee.time_base
        stream = output.addStream()

        let policy = ContainerAudio(muxer: output.format)
        let codec = inputStream.pointee.codecpar.pointee.codec_id
        if policy.copyable.contains(codec) && output.canHold(codec) {
            mode = .copy
            outputCodec = String(cString: avcodec_get_name(codec))
            transcoder = nil
            let status = avcodec_parameters_copy(stream.pointee.codecpar, inputStream.pointee.codecpar)
            guard status >= 0 else { throw .writeFailed(path: output.path, ffmpegMessage: ffmpegMessage(status)) }
            // The source container's tag (say, Matroska's) means nothing to the output's.
            stream.pointee.codecpar.pointee.codec_tag = 0
            stream.pointee.time_base = inputTimeBase
        } else {
            mode = .transcode
            let transcoder = try AudioTranscoder(
                inputStream: inputStream, sourcePath: source.path, output: output,
                stream: stream, target: policy.target)
            outputCodec = String(cString: avcodec_get_name(transcoder.codecID))
            self.transcoder = transcoder
        }
        if let language = av_dict_get(inputStream.pointee.metadata, "language", nil, 0) {
            av_dict_set(&stream.pointee.metadata, "language", language.pointee.value, 0)
        }
    }

    /// Writes the source audio that plays before `time` seconds of the output.
    func advance(to time: Double) throws(MediaError) {
        if let transcoder {
            try feed(until: time) { (packet: Packet) throws(MediaError) in
                try transcoder.decode(packet, inputTimeBase: inputTimeBase, sourceStart: source.startTime)
            }
            try transcoder.encode(until: time, final: false)
        } else {
            try feed(until: time) { (packet: Packet) throws(MediaError) in try copy(packet) }
        }
    }

    /// Writes the audio up to the video's end, `duration` seconds, and nothing after it.
    func finish(duration: Double) throws(MediaError) {
        if let transcoder {
            try feed(until: duration) { (packet: Packet) throws(MediaError) in
                try transcoder.decode(packet, inputTimeBase: inputTimeBase, sourceStart: source.startTime)
            }
            try transcoder.encode(until: duration, final: true)
        } else {
            try feed(until: duration) { (packet: Packet) throws(MediaError) in try copy(packet) }
        }
    }

    /// Hands source packets that start before `time` (output clock) to `consume`, reading one
    /// packet ahead so no packet is read twice or skipped.
    private func feed(until time: Double, _ consume: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        while true {
            if pending == nil {
                guard let next = readAudioPacket() else { return }
                pending = next
            }
            guard let due = pending else { return }
            if outputTime(of: due) >= time { return }
            pending = nil
            try consume(due)
        }
    }

    private func readAudioPacket() -> Packet? {
        guard !sourceEnded else { return nil }
        while true {
            let fresh = Packet()
            let read = av_read_frame(input.context, fresh.pointer)
            if read < 0 { sourceEnded = true; return nil }
            if Int(fresh.pointer.pointee.stream_index) == inputStreamIndex { return fresh }
        }
    }

    /// A packet's start on the output clock, in seconds.
    private func outputTime(of packet: Packet) -> Double {
        let pts = packet.pointer.pointee.pts != actone_nopts_value() ? packet.pointer.pointee.pts : packet.pointer.pointee.dts
        guard pts != actone_nopts_value() else { return 0 }
        return Double(pts) * av_q2d(inputTimeBase) - source.startTime
    }

    /// Stream copy: shift the packet onto the output clock; packets wholly before the start are
    /// dropped.
    private func copy(_ packet: Packet) throws(MediaError) {
        let shift = Int64((source.startTime / av_q2d(inputTimeBase)).rounded())
        let p = packet.pointer
        let end = outputTime(of: packet) + Double(p.pointee.duration) * av_q2d(inputTimeBase)
        if end <= 0 { return }
        if p.pointee.pts != actone_nopts_value() { p.pointee.pts -= shift }
        if p.pointee.dts != actone_nopts_value() { p.pointee.dts -= shift }
        if p.pointee.pts != actone_nopts_value(), p.pointee.pts < 0 { return }
        p.pointee.pos = -1
        try output.write(packet, timeBase: inputTimeBase, stream: stream)
    }
}
