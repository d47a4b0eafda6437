import CFFmpeg

/// A swresample context converting decoded audio to an encoder's format, rate and layout.
final class Resampler {
    private var context: OpaquePointer?
    private let outputRate: Int32
    private let inputRate: Int32
    let channels: Int32
    /// The encoder's format, planar (one plane per channel) or packed (channels interleaved in one).
    let format: AVSampleFormat
    private let path: String
    /// Reused output planes.
    private var buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
    private var capacity: Int32 = 0

    init(from decoder: UnsafeMutablePointer<AVCodecContext>, to encoder: UnsafeMutablePointer<AVCodecContext>, path: String)
        throws(MediaError)
    {
        self.path = path
        outputRate = encoder.pointee.sample_rate
        inputRate = decoder.pointee.sample_rate
        channels = encoder.pointee.ch_layout.nb_channels
        format = encoder.pointee.sample_fmt
        var inputLayout = AVChannelLayout()
        if decoder.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&inputLayout, decoder.pointee.ch_layout.nb_channels)
        } else {
            av_channel_layout_copy(&inputLayout, &decoder.pointee.ch_layout)
        }
        defer { av_channel_layout_uninit(&inputLayout) }
        var status = swr_alloc_set_opts2(
            &context, &encoder.pointee.ch_layout, encoder.pointee.sample_fmt, outputRate,
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
    func convert(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) -> (
        planes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, count: Int
    ) {
        let inputSamples = frame?.pointee.nb_samples ?? 0
        let needed = Int32(swr_get_out_samples(context, inputSamples)) + 32
        if needed > capacity {
            if let buffer { av_freep(buffer); av_free(buffer) }
            buffer = nil
            var planes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
            let status = av_samples_alloc_array_and_samples(&planes, nil, channels, needed, format, 0)
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

    /// Appends `samples` (in the FIFO's format: one plane per channel when planar, one
    /// interleaved plane when packed), leaving out the first `skip` of them.
    func append(_ samples: (planes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, count: Int), dropping skip: Int) throws(MediaError)
    {
        guard let planes = samples.planes, samples.count > skip else { return }
        let planar = av_sample_fmt_is_planar(format) != 0
        // A packed sample holds every channel: skipping one moves past `channels` values.
        let bytesPerSample = Int(av_get_bytes_per_sample(format)) * (planar ? 1 : Int(channels))
        let planeCount = planar ? Int(channels) : 1
        var shifted: [UnsafeMutableRawPointer?] = (0..<planeCount).map { UnsafeMutableRawPointer(planes[$0]! + skip * bytesPerSample) }
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
