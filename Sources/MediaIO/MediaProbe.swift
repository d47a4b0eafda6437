import CFFmpeg
import Foundation

/// Reads what a media file holds without decoding it.
public enum MediaProbe {
    /// Probes `path`. With `countFrames`, reads every packet of the primary video stream (cheap:
    /// no decoding) to give an exact frame count and the range of frame intervals, and to notice a
    /// truncated file.
    ///
    /// Throws for anything that is not a video: missing, empty, unreadable, a still image, no video.
    public static func inspectVideo(path: String, countFrames: Bool = true) throws(MediaError) -> MediaInfo {
        let input = try InputFile(path: path)
        let videoIndex = try input.primaryVideoStream()

        let context = input.context.pointee
        var info = MediaInfo(
            path: path,
            container: input.formatName,
            containerLongName: input.formatLongName,
            duration: context.duration != actone_nopts_value() && context.duration > 0
                ? Double(context.duration) / Double(actone_time_base()) : nil,
            bitRate: context.bit_rate > 0 ? Int(context.bit_rate) : nil,
            fileSize: Int(avio_size(context.pb)),
            streams: (0..<input.streamCount).map { StreamInfo(stream: input.stream($0), container: input.context) },
            primaryVideoStream: videoIndex)

        if countFrames {
            let count = try countPackets(of: videoIndex, in: input)
            if let declared = info.streams[videoIndex].frameCount,
                info.streams[videoIndex].frameCountIsExact == false,
                input.stream(videoIndex).pointee.nb_frames > 0, count.packets < declared
            {
                throw .truncated(path: path, framesRead: count.packets, framesExpected: declared)
            }
            info.streams[videoIndex].frameCount = count.packets
            info.streams[videoIndex].frameCountIsExact = true
            info.streams[videoIndex].frameIntervalRange = count.intervals
        }
        return info
    }

    /// Whether `path` holds a single picture (PNG, JPEG, WebP, ...; a GIF or APNG counts as its
    /// first frame, as `ImageLoader` reads it) rather than a video. Opens the file's header only.
    public static func isStillImage(path: String) throws(MediaError) -> Bool {
        let input = try InputFile(path: path)
        return input.isStillImage || ["gif", "apng"].contains(input.formatName)
    }

    private struct PacketCount {
        var packets: Int
        var intervals: ClosedRange<Double>?
    }

    /// Counts the packets of one stream (one packet is one frame for video) and measures the
    /// spread of their presentation-time gaps.
    private static func countPackets(of streamIndex: Int, in input: InputFile) throws(MediaError) -> PacketCount {
        let packet = Packet()
        var count = 0
        var timestamps: [Int64] = []
        while true {
            let read = av_read_frame(input.context, packet.pointer)
            if read < 0 { break }
            if Int(packet.pointer.pointee.stream_index) == streamIndex {
                count += 1
                let pts = packet.pointer.pointee.pts
                if pts != actone_nopts_value() { timestamps.append(pts) }
            }
            packet.unref()
        }
        // Packets arrive in decode order; presentation order is the sorted timestamps.
        timestamps.sort()
        let timeBase = av_q2d(input.stream(streamIndex).pointee.time_base)
        var smallest = Double.infinity, largest = 0.0
        for (earlier, later) in zip(timestamps, timestamps.dropFirst()) where later > earlier {
            let gap = Double(later - earlier) * timeBase
            smallest = min(smallest, gap)
            largest = max(largest, gap)
        }
        return PacketCount(packets: count, intervals: smallest <= largest ? smallest...largest : nil)
    }
}
