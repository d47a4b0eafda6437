import CFFmpeg

/// Decodes a source audio stream and re-encodes it with the encoder the output container calls
/// for (`ContainerAudio`: AAC for MP4, Opus for WebM), for sources whose codec the container
/// should not hold (PCM from a MOV in MP4, AAC in WebM, ...).
///
/// Samples flow decoder -> swresample (to the encoder's sample format, rate and layout) -> a
/// FIFO -> encoder frames of exactly `frame_size` samples. The output starts at the source's
/// `startTime` (earlier samples are skipped, a late start is padded with silence) and stops at
/// the requested duration, sample-exact (Opus's final frame's padding is marked for discard).
final class AudioTranscoder {
    private let sourcePath: String
    private let output: OutputContainer
    private let stream: UnsafeMutablePointer<AVStream>
    private let decoder: Decoder
    private let encoder: Encoder
    private let resampler: Resampler
    private let fifo: AudioFIFO
    private let decoded = Frame()
    private let encoderFrame = Frame()
    private let encoded = Packet()
    private let sampleRate: Int32
    private let sampleFormat: AVSampleFormat
    /// The encoder's codec, e.g. AV_CODEC_ID_OPUS.
    var codecID: AVCodecID { encoder.codec.pointee.id }
    /// Samples of the output written to the FIFO so far (including padding), and encoded so far.
    private var samplesQueued: Int64 = 0
    private var samplesEncoded: Int64 = 0
    /// Samples still to drop from the start because they precede the output's time 0.
    private var samplesToSkip: Int64 = 0
    private var aligned = false
    private var decoderFlushed = false

    init(
        inputStream: UnsafeMutablePointer<AVStream>, sourcePath: String, output: OutputContainer,
        stream: UnsafeMutablePointer<AVStream>, target: AudioEncoderChoice
    ) throws(MediaError) {
        self.sourcePath = sourcePath
        self.output = output
        self.stream = stream
        decoder = try Decoder(stream: inputStream, path: sourcePath, threads: 1)
        guard let codec = avcodec_find_encoder_by_name(target.encoderName) else {
            throw .encoderUnavailable(name: target.encoderName)
        }

        let inputRate = decoder.context.pointee.sample_rate
        let rate = AudioTranscoder.supportedRate(nearest: inputRate, codec: codec)
        let format = AudioTranscoder.preferredSampleFormat(codec)
        let channels: Int32 = decoder.context.pointee.ch_layout.nb_channels >= 2 ? 2 : 1
        sampleRate = rate
        sampleFormat = format
        let globalHeader = output.wantsGlobalHeader
        encoder = try Encoder(codec: codec, path: output.path) { context in
            context.pointee.sample_fmt = format
            context.pointee.sample_rate = rate
            av_channel_layout_default(&context.pointee.ch_layout, channels)
            context.pointee.bit_rate = channels == 2 ? target.stereoBitRate : target.monoBitRate
            context.pointee.time_base = AVRational(num: 1, den: rate)
            if globalHeader { context.pointee.flags |= actone_codec_flag_global_header() }
        }
        let status = avcodec_parameters_from_context(stream.pointee.codecpar, encoder.context)
        guard status >= 0 else { throw .encodeFailed(path: output.path, ffmpegMessage: ffmpegMessage(status)) }
        stream.pointee.time_base = encoder.context.pointee.time_base

        resampler = try Resampler(from: decoder.context, to: encoder.context, path: sourcePath)
        fifo = AudioFIFO(format: format, channels: channels)
    }

    /// The encoder's sample format: float when it takes float (no quantisation before the
    /// encoder), planar or packed as it wants them (AAC: planar; libopus: packed FLT or S16).
    static func preferredSampleFormat(_ codec: UnsafePointer<AVCodec>) -> AVSampleFormat {
        guard var list = codec.pointee.sample_fmts else { return AV_SAMPLE_FMT_FLTP }
        var supported: [AVSampleFormat] = []
        while list.pointee != AV_SAMPLE_FMT_NONE {
            supported.append(list.pointee)
            list += 1
        }
        let preference = [AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_S16]
        return preference.first(where: supported.contains) ?? supported.first ?? AV_SAMPLE_FMT_FLTP
    }

    /// The encoder's supported sample rate closest to `rate` (AAC and Opus have fixed lists).
    private static func supportedRate(nearest rate: Int32, codec: UnsafePointer<AVCodec>) -> Int32 {
        guard var list = codec.pointee.supported_samplerates else { return rate }
        var best: Int32 = 48_000
        while list.pointee != 0 {
            if abs(list.pointee - rate) < abs(best - rate) { best = list.pointee }
            list += 1
        }
        return best
    }

    /// Decodes one source packet into the FIFO.
    func decode(_ packet: Packet, inputTimeBase: AVRational, sourceStart: Double) throws(MediaError) {
        let sent = avcodec_send_packet(decoder.context, packet.pointer)
        if sent < 0 && sent != averrorEAGAIN { return }  // a damaged packet: skip it, as players do
        try drainDecoder(inputTimeBase: inputTimeBase, sourceStart: sourceStart)
    }

    private func drainDecoder(inputTimeBase: AVRational, sourceStart: Double) throws(MediaError) {
        while avcodec_receive_frame(decoder.context, decoded.pointer) >= 0 {
            defer { decoded.unref() }
            if !aligned {
                aligned = true
                let pts = decoded.pointer.pointee.best_effort_timestamp
                let start = pts != actone_nopts_value() ? Double(pts) * av_q2d(inputTimeBase) - sourceStart : 0
                let offset = Int64((start * Double(sampleRate)).rounded())
                if offset > 0 { try fifo.appendSilence(Int(offset)); samplesQueued += offset } else { samplesToSkip = -offset }
            }
            try append(resampling: decoded.pointer)
        }
    }

    private func append(resampling frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
        let converted = try resampler.convert(frame)
        guard converted.count > 0 else { return }
        var skip = 0
        if samplesToSkip > 0 {
            skip = Int(min(samplesToSkip, Int64(converted.count)))
            samplesToSkip -= Int64(skip)
        }
        try fifo.append(converted, dropping: skip)
        samplesQueued += Int64(converted.count - skip)
    }

    /// Encodes the queued audio up to `time` seconds of output. With `final`, flushes the decoder
    /// and resampler first, encodes the last partial frame and drains the encoder.
    func encode(until time: Double, final: Bool) throws(MediaError) {
        if final && !decoderFlushed {
            decoderFlushed = true
            let status = avcodec_send_packet(decoder.context, nil)
            guard status >= 0 || status == averrorEOF else { throw .decodeFailed(path: sourcePath, ffmpegMessage: ffmpegMessage(status)) }
            try drainDecoder(inputTimeBase: AVRational(num: 1, den: sampleRate), sourceStart: 0)
            try append(resampling: nil)
        }
        let limit = Int64((time * Double(sampleRate)).rounded())
        let frameSize = Int64(encoder.context.pointee.frame_size > 0 ? encoder.context.pointee.frame_size : 1024)
        while true {
            let available = min(Int64(fifo.count), limit - samplesEncoded)
            let take = final ? min(available, frameSize) : (available >= frameSize ? frameSize : 0)
            if take <= 0 { break }
            try encodeFrame(samples: Int32(take))
        }
        if final {
            let status = avcodec_send_frame(encoder.context, nil)
            guard status >= 0 || status == averrorEOF else { throw .encodeFailed(path: output.path, ffmpegMessage: ffmpegMessage(status)) }
            try drainEncoder()
        }
    }

    private func encodeFrame(samples: Int32) throws(MediaError) {
        let frame = encoderFrame.pointer
        av_frame_unref(frame)
        frame.pointee.nb_samples = samples
        frame.pointee.format = sampleFormat.rawValue
        frame.pointee.sample_rate = sampleRate
        var status = av_channel_layout_copy(&frame.pointee.ch_layout, &encoder.context.pointee.ch_layout)
        if status >= 0 { status = av_frame_get_buffer(frame, 0) }
        guard status >= 0 else { throw .encodeFailed(path: output.path, ffmpegMessage: ffmpegMessage(status)) }
        try fifo.read(into: frame, samples: samples)
        frame.pointee.pts = samplesEncoded
        samplesEncoded += Int64(samples)
        status = avcodec_send_frame(encoder.context, frame)
        guard status >= 0 else { throw .encodeFailed(path: output.path, ffmpegMessage: ffmpegMessage(status)) }
        try drainEncoder()
    }

    private func drainEncoder() throws(MediaError) {
        while true {
            let status = avcodec_receive_packet(encoder.context, encoded.pointer)
            if status == averrorEAGAIN || status == averrorEOF { return }
            guard status >= 0 else { throw .encodeFailed(path: output.path, ffmpegMessage: ffmpegMessage(status)) }
            try output.write(encoded, timeBase: encoder.context.pointee.time_base, stream: stream)
        }
    }
}
