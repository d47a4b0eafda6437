import CFFmpeg
import OutputFiles

/// An output container (`AVFormatContext` for writing) and its file handle. Streams are added
/// first, then `open` writes the header; packets go through `write`, and `close` writes the
/// trailer. FFmpeg objects are freed in `deinit` whatever happened.
final class OutputContainer {
    /// The file being written.
    let filePath: String
    /// The name errors mention: the user's target, not the temporary file behind it.
    let path: String
    let context: UnsafeMutablePointer<AVFormatContext>
    /// FFmpeg's muxer name, e.g. "mp4" or "webm": it decides which audio can be copied in.
    let format: String
    private var opened = false
    /// Whether `filePath` is an `OutputFile`'s temporary file, created through `SignalCleanup`.
    private let isTemporaryFile: Bool
    /// Kept alive as long as the context that polls it.
    private let interrupt: InterruptFlag?

    /// - Parameters:
    ///   - output: the target and the temporary file written meanwhile.
    ///   - format: FFmpeg's muxer name, e.g. "mp4".
    ///   - interrupt: ends a wait in `open` or `write` (a tcp:// listener with no client yet).
    convenience init(output: OutputFile, format: String, interrupt: InterruptFlag? = nil) throws(MediaError) {
        try self.init(filePath: output.workingPath, path: output.path, format: format, interrupt: interrupt, isTemporaryFile: true)
    }

    /// A URL FFmpeg's protocols write (udp://, srt://, rtmp://, tcp://), written as it goes.
    convenience init(url: String, format: String, interrupt: InterruptFlag? = nil) throws(MediaError) {
        try self.init(filePath: url, path: url, format: format, interrupt: interrupt, isTemporaryFile: false)
    }

    private init(filePath: String, path: String, format: String, interrupt: InterruptFlag?, isTemporaryFile: Bool) throws(MediaError) {
        FFmpegLog.applyDefault()
        self.filePath = filePath
        self.path = path
        self.format = format
        self.interrupt = interrupt
        self.isTemporaryFile = isTemporaryFile
        guard av_guess_format(format, nil, nil) != nil else {
            throw .writeFailed(path: path, ffmpegMessage: "no output format '\(format)' in this FFmpeg build (ffmpeg -muxers lists them)")
        }
        var context: UnsafeMutablePointer<AVFormatContext>?
        let status = avformat_alloc_output_context2(&context, nil, format, filePath)
        guard status >= 0, let context else {
            throw .writeFailed(path: path, ffmpegMessage: ffmpegMessage(status))
        }
        self.context = context
        if let interrupt { context.pointee.interrupt_callback = interrupt.callback }
    }

    deinit {
        if opened { avio_closep(&context.pointee.pb) }
        avformat_free_context(context)
    }

    /// Whether encoders for this container must put codec headers in extradata.
    var wantsGlobalHeader: Bool {
        context.pointee.oformat.pointee.flags & actone_fmt_globalheader() != 0
    }

    /// Whether the container can hold `codec` (used to decide between stream copy and transcode).
    func canHold(_ codec: AVCodecID) -> Bool {
        avformat_query_codec(context.pointee.oformat, codec, 0 /* FF_COMPLIANCE_NORMAL */) == 1
    }

    func addStream() -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(context, nil) else { fatalError("avformat_new_stream: out of memory") }
        return stream
    }

    /// Opens the file and writes the header. `options` are muxer options such as
    /// `movflags=+faststart`.
    /// `protocolOptions` go to the protocol that opens the target (udp's `pkt_size`, ...).
    func open(options: [String: String], protocolOptions: [String: String] = [:]) throws(MediaError) {
        let protocolDictionary = FFmpegDictionary(protocolOptions)
        func openTarget() -> Int32 {
            avio_open2(
                &context.pointee.pb, filePath, actone_avio_flag_write(), &context.pointee.interrupt_callback,
                &protocolDictionary.pointer)
        }
        // A temporary file is created as one step with its registration for removal (a stop
        // signal cannot fall between them); a network URL may wait for a peer, so never under that lock.
        var status = isTemporaryFile ? SignalCleanup.creating(filePath, openTarget) : openTarget()
        guard status >= 0 else {
            if status == actone_averror_exit() { throw .interrupted(path: path) }
            throw .writeFailed(path: path, ffmpegMessage: ffmpegMessage(status))
        }
        opened = true
        var dictionary: OpaquePointer?
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        status = avformat_write_header(context, &dictionary)
        av_dict_free(&dictionary)
        guard status >= 0 else { throw .writeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
    }

    /// Writes one packet whose timestamps are in `timeBase`, interleaving it with the other
    /// streams. The packet's data is consumed.
    func write(_ packet: Packet, timeBase: AVRational, stream: UnsafeMutablePointer<AVStream>) throws(MediaError) {
        av_packet_rescale_ts(packet.pointer, timeBase, stream.pointee.time_base)
        packet.pointer.pointee.stream_index = stream.pointee.index
        let status = av_interleaved_write_frame(context, packet.pointer)
        guard status >= 0 else {
            // A write that waited for room on the network and was stopped by the interrupt flag.
            if status == actone_averror_exit() { throw .interrupted(path: path) }
            throw .writeFailed(path: path, ffmpegMessage: ffmpegMessage(status))
        }
    }

    /// Flushes interleaving queues, writes the trailer (for MP4 with faststart this moves the
    /// index to the front) and closes the file.
    func close() throws(MediaError) {
        let status = av_write_trailer(context)
        if opened { avio_closep(&context.pointee.pb); opened = false }
        guard status >= 0 else { throw .writeFailed(path: path, ffmpegMessage: ffmpegMessage(status)) }
    }
}
