import CFFmpeg

/// Decodes a source audio stream and re-encodes it as AAC (FFmpeg's native encoder), for sources
/// whose codec the output container cannot hold (PCM in MOV, Vorbis in WebM, ...).
///
/// Samples flow decoder -> swresample (to the encoder's planar float format, rate and layout) ->
/// a FIFO -> encoder frames of exactly `frame_size` samples. The output starts at the source's
/// `startTime` (earlier samples are skipped, a late start is padded with silence) and stops at
/// the requested duration, sample-exact.
final class AACTranscoder {
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
    /// Samples of the output written to the FIFO so far (including padding), and encoded so far.
    private var samplesQueued: Int64 = 0
    private var samplesEncoded: Int64 = 0
    /// Samples still to drop from the start because they precede the output's time 0.
    private var samplesToSkip: Int64 = 0
    private var aligned = false
    private var decoderFlushed = false

    init(inputStream: UnsafeMutablePointer<AVStream>, sourcePath: String, output: OutputContainer,
         stream: UnsafeMutablePointer<AVStream>) throws(MediaError) {
        self.sourcePath = sourcePath
        self.output = output
        self.stream = stream
        decoder = try Decoder(stream: inputStream, path: sourcePath, threads: 1)
        guard let aac = avcodec_find_encoder(AV_CODEC_ID_AAC) else { throw .encoderUnavailable(name: "aac") }

        let inputRate = decoder.context.pointee.sample_rate
        let rate = AACTranscoder.supportedRate(nearest: inputRate, codec: aac)
        let channels: Int32 = decoder.context.pointee.ch_layout.nb_channels >= 2 ? 2 : 1
        sampleRate = rate
        let globalHeader = output.wantsGlobalHeader
        encoder = try Encoder(codec: aac, path: output.path) { context in
            context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
            context.pointee.sample_rate = rate
            av_channel_layout_default(&context.pointee.ch_layout, channels)
            context.pointee.bit_rate = Int64(channels == 2 ? 160_000 : 96_000)
            context.pointee.time_base = AVRational(num: 1, den: rate)
            if globalHeader { context.pointee.flags |= actone_codec_flag_global_header() }
        }
        let status = avcodec_parameters_from_context(stream.pointee.codecpar, encoder.context)
        guard status >= 0 else { throw .encodeFailed(path: output.path, ffmpegMessage: ffmpegMessage(status)) }
        stream.pointee.time_base = encoder.context.pointee.time_base

        resampler = try Resampler(from: decoder.context, to: encoder.context, path: sourcePath)
        fifo = AudioFIFO(format: AV_SAMPLE_FMT_FLTP, channels: channels)
    }

    /// The encoder's supported sample rate closest to `rate` (AAC has a fixed list).
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
        if sent < 0 && sent != averrorEAGAIN { return } // a damaged packet: skip it, as players do
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
                if offset > 0 { try fifo.appendSilence(Int(offset)); samplesQueued += offset }
                else { samplesToSkip = -offset }
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
            avcodec_send_packet(decoder.context, nil)
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
            avcodec_send_frame(encoder.context, nil)
            try drainEncoder()
        }
    }

    private func encodeFrame(samples: Int32) throws(MediaError) {
        let frame = encoderFrame.pointer
        av_frame_unref(frame)
        frame.pointee.nb_samples = samples
        frame.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        frame.pointee.sample_rate = sampleRate
        av_channel_layout_copy(&frame.pointee.ch_layout, &encoder.context.pointee.ch_layout)
        var status = av_frame_get_buffer(frame, 0)
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

/// A swresample context converting decoded audio to an encoder's format, rate and layout.
final class Resampler {
    private var context: OpaquePointer?
    private let outputRate: Int32
    private let inputRate: Int32
    let channels: Int32
    private let path: String
    /// Reused output planes.
    private var buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
    private var capacity: Int32 = 0

    init(from decoder: UnsafeMutablePointer<AVCodecContext>, to encoder: UnsafeMutablePointer<AVCodecContext>, path: String) throws(MediaError) {
        self.path = path
        outputRate = encoder.pointee.sample_rate
        inputRate = decoder.pointee.sample_rate
        channels = encoder.pointee.ch_layout.nb_channels
        var inputLayout = AVChannelLayout()
        if decoder.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&inputLayout, decoder.pointee.ch_layout.nb_channels)
        } else {
            av_channel_layout_copy(&inputLayout, &decoder.pointee.ch_layout)
        }
        defer { av_channel_layout_uninit(&inputLayout) }
        var status = swr_alloc_set_opts2(&context, &encoder.pointee.ch_layout, encoder.pointee.sample_fmt, outputRate,
                                         &inputLayout, decoder.pointee.sample_fmt, inputRate, 0, nil)
        if status >= 0 { status = swr_init(context) }
        guard status >= 0 else { throw .decodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
    }

    deinit {
        if let buffer { av_freep(buffer); av_free(buffer) }
        swr_free(&context)
    }

    /// Converts a frame (or, with nil, flushes the resampler's delay). The result is valid until
    /// the next call.
    func convert(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) -> (planes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, count: Int) {
        let inputSamples = frame?.pointee.nb_samples ?? 0
        let needed = Int32(swr_get_out_samples(context, inputSamples)) + 32
        if needed > capacity {
            if let buffer { av_freep(buffer); av_free(buffer) }
            buffer = nil
            var planes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
            let status = av_samples_alloc_array_and_samples(&planes, nil, channels, needed, AV_SAMPLE_FMT_FLTP, 0)
            guard status >= 0 else { throw .decodeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
            buffer = planes
            capacity = needed
        }
        let converted: Int32
        if let frame {
            converted = frame.pointee.extended_data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { input in
                swr_convert(context, buffer, capacity, input, frame.pointee.nb_samples)
            }
        } else {
            converted = swr_convert(context, buffer, capacity, nil, 0)
        }
        guard converted >= 0 else { throw .decodeFailed(path: path, ffmpegMessage: ffmpegMessage(converted)) }
        return (buffer, Int(converted))
    }
}

/// FFmpeg's audio FIFO (`AVAudioFifo`), which regroups samples into encoder-sized frames.
final class AudioFIFO {
    private let fifo: OpaquePointer
    private let channels: Int32
    private let format: AVSampleFormat

    init(format: AVSampleFormat, channels: Int32) {
        guard let fifo = av_audio_fifo_alloc(format, channels, 4096) else { fatalError("av_audio_fifo_alloc: out of memory") }
        self.fifo = fifo
        self.channels = channels
        self.format = format
    }

    deinit { av_audio_fifo_free(fifo) }

    var count: Int { Int(av_audio_fifo_size(fifo)) }

    func append(_ samples: (planes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, count: Int), dropping skip: Int) throws(MediaError) {
        guard let planes = samples.planes, samples.count > skip else { return }
        let bytesPerSample = Int(av_get_bytes_per_sample(format))
        var shifted: [UnsafeMutableRawPointer?] = (0..<Int(channels)).map { UnsafeMutableRawPointer(planes[$0]! + skip * bytesPerSample) }
        let written = shifted.withUnsafeMutableBufferPointer { pointers in
            av_audio_fifo_write(fifo, pointers.baseAddress, Int32(samples.count - skip))
        }
        guard written >= 0 else { throw .encodeFailed(path: "audio", ffmpegMessage: ffmpegMessage(written)) }
    }

    func appendSilence(_ count: Int) throws(MediaError) {
        guard count > 0 else { return }
        var planes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
        guard av_samples_alloc_array_and_samples(&planes, nil, channels, Int32(count), format, 0) >= 0, let planes else {
            throw .encodeFailed(path: "audio", ffmpegMessage: "out of memory for silence")
        }
        defer { av_freep(planes); av_free(planes) }
        av_samples_set_silence(planes, 0, Int32(count), channels, format)
        try append((planes, count), dropping: 0)
    }

    func read(into frame: UnsafeMutablePointer<AVFrame>, samples: Int32) throws(MediaError) {
        let read = withMutablePlanes(of: frame) { planes, _ in
            planes.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: 8) { raw in
                av_audio_fifo_read(fifo, UnsafeMutablePointer(mutating: raw), samples)
            }
        }
        guard read == samples else { throw .encodeFailed(path: "audio", ffmpegMessage: "audio FIFO underrun") }
    }
}
