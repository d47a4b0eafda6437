import Foundation
import MediaIO
import Motion
import Testing

/// `actone live` on a short clip played with --realtime: the recording, the pose track, VMC
/// packets and an MPEG-TS stream over UDP, the end of the source, Ctrl-C, and bad input. Timings
/// are never asserted: a slow machine drops frames, and the checks hold for whatever was processed.
@Suite struct LiveCommandTests {
    static var modelsInstalled: Bool { RenderCommandTests.modelsInstalled }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func realtimeFileToRecordingTrackAndVMC() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture()
        let receiver = try UDPReceiver()
        let liveLink = try UDPReceiver()
        let result = try runActone(
            [
                "live", fixture.clip, fixture.character, "--realtime", "-o", "out.mp4", "--record", "take.track.json",
                "--send", "vmc://127.0.0.1:\(receiver.port)", "--send", "livelink://127.0.0.1:\(liveLink.port)", "--calibrate", "0.4",
            ], in: folder.path)
        let datagrams = receiver.stop()
        let liveLinkPackets = liveLink.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(LiveFixture.summary(result.stderr), "last line: \(result.stderr)")
        // The source ended: every frame of it was either processed or dropped.
        #expect(summary.frames + summary.dropped == LiveFixture.frames)
        #expect(summary.frames > 0)
        #expect(folder.contents == ["out.mp4", "take.track.json"])

        // The recording plays: the character's size, a frame for every output slot up to the last frame processed.
        let reader = try VideoReader(path: folder.file("out.mp4"))
        #expect(reader.width == 200)
        var decoded = 0
        while try reader.nextFrame() != nil { decoded += 1 }
        #expect(decoded >= summary.frames)

        // The track has every processed frame, and the neutral calibrated at the start.
        let track = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.file("take.track.json")))) as? [String: Any]
        )
        let frames = try #require(track["frames"] as? [[String: Any]])
        #expect(frames.count == summary.frames)
        let metadata = try #require(track["metadata"] as? [String: Any])
        #expect((metadata["neutral"] as? [String: Any])?["source"] as? String == "auto")

        // Each VMC bundle: the 52 ARKit names in order with the values the track recorded for the
        // frame of the same time.
        let names = Blendshape.allCases.map(\.rawValue)
        let recorded = Dictionary(
            frames.compactMap { f -> (String, [Double])? in
                guard f["faceFound"] as? Bool == true, let time = f["time"] as? Double, let shapes = f["blendshapes"] as? [Double] else {
                    return nil
                }
                return (String(format: "%.3f", time), shapes)
            }, uniquingKeysWith: { a, _ in a })
        #expect(!datagrams.isEmpty)
        var matched = 0
        for datagram in datagrams {
            let messages = try #require(OSCDecoding.messages(datagram))
            let blends = messages.filter { $0.address == "/VMC/Ext/Blend/Val" }
            #expect(blends.compactMap { if case .string(let name) = $0.arguments.first { name } else { nil } } == names)
            #expect(messages.contains { $0.address == "/VMC/Ext/Blend/Apply" })
            #expect(
                messages.contains { $0.address == "/VMC/Ext/Bone/Pos" && $0.arguments.first == .string("Head") && $0.arguments.count == 8 })
            guard case .float(let time) = try #require(messages.first { $0.address == "/VMC/Ext/T" }?.arguments.first) else {
                Issue.record("no time")
                continue
            }
            let shapes = try #require(recorded[String(format: "%.3f", Double(time))], "no track frame at \(time)")
            for (message, value) in zip(blends, shapes) {
                guard case .float(let sent) = message.arguments.last else { Issue.record("no value"); continue }
                #expect(abs(Double(sent) - value) < 0.0011)
            }
            matched += 1
        }
        #expect(matched == datagrams.count)

        // Each Live Link packet: version 6, 61 values, the 52 shapes of the track's frame of that number.
        let byIndex = Dictionary(
            frames.compactMap { f -> (Int, [Double])? in
                guard f["faceFound"] as? Bool == true, let index = f["index"] as? Int, let shapes = f["blendshapes"] as? [Double] else {
                    return nil
                }
                return (index, shapes)
            }, uniquingKeysWith: { a, _ in a })
        #expect(liveLinkPackets.count == datagrams.count)
        for packet in liveLinkPackets {
            #expect(packet.prefix(4) == [6, 0, 0, 0] && packet.count == 68 + 61 * 4 && packet[67] == 61)
            func word(_ at: Int) -> UInt32 { packet[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
            let shapes = try #require(byIndex[Int(word(51))], "no track frame \(word(51))")
            for k in 0..<52 { #expect(abs(Double(Float(bitPattern: word(68 + 4 * k))) - shapes[k]) < 0.0011) }
        }
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func streamsMPEGTSOverUDP() throws {
        let fixture = try LiveFixture()
        let receiver = try UDPReceiver()
        // No character: the source with the face mesh drawn on it.
        let result = try runActone(["live", fixture.clip, "--realtime", "-o", "udp://127.0.0.1:\(receiver.port)"])
        let datagrams = receiver.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(LiveFixture.summary(result.stderr) != nil, "\(result.stderr)")
        // MPEG-TS: 188-byte packets, each starting with the sync byte 0x47.
        #expect(!datagrams.isEmpty)
        for datagram in datagrams {
            #expect(datagram.count % 188 == 0)
            #expect(stride(from: 0, to: datagram.count, by: 188).allSatisfy { datagram[$0] == 0x47 })
        }
        #expect(datagrams.reduce(0) { $0 + $1.count } > 188 * 10)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func fileWithoutRealtimeIsReadToItsEndWithoutDrops() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture()
        let result = try runActone(["live", fixture.clip, "--record", "take.track.json"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(LiveFixture.summary(result.stderr), "\(result.stderr)")
        #expect(summary.frames == LiveFixture.frames && summary.dropped == 0)
        let track = try PoseTrackJSONReader(path: folder.file("take.track.json"))
        var count = 0
        try track.forEach { _ in count += 1 }
        #expect(count == LiveFixture.frames)
        #expect(track.metadata.neutral?.source == .auto)
    }

    @Test(.enabled(if: modelsInstalled, "models/ not installed"))
    func ctrlCMidStreamFinishesTheOutputs() throws {
        let folder = ScratchFolder()
        // The 4 s Samples clip in real time, stopped once the session is under way. On a machine
        // so loaded that the clip ends first, the Ctrl-C comes after the end: the same outcome.
        let result = try runActone(
            ["live", RenderCommandTests.driving, "--realtime", "-o", "out.mp4", "--record", "take.track.json"], in: folder.path
        ) { process in
            // The outputs' temporary files appear when the session starts; the MP4's grows as frames are encoded.
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline {
                let growing = FileManager.default.contentsOfDirectory(atPathOrEmpty: folder.path).contains { name in
                    name.contains("out.mp4")
                        && ((try? FileManager.default.attributesOfItem(atPath: folder.file(name))[.size] as? Int) ?? 0) > 40_000
                }
                if growing { break }
                usleep(20_000)
            }
            kill(process.processIdentifier, SIGINT)
        }
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(LiveFixture.summary(result.stderr), "last line: \(result.stderr)")
        #expect(summary.frames > 0)
        #expect(folder.contents == ["out.mp4", "take.track.json"], "left: \(folder.contents)")
        let reader = try VideoReader(path: folder.file("out.mp4"))
        var decoded = 0
        while try reader.nextFrame() != nil { decoded += 1 }
        #expect(decoded >= summary.frames)
        var count = 0
        try PoseTrackJSONReader(path: folder.file("take.track.json")).forEach { _ in count += 1 }
        #expect(count == summary.frames)
    }

    @Test func ctrlCWhileWaitingForASourceEndsAtOnce() throws {
        let folder = ScratchFolder()
        // A UDP source nobody sends to: opening it waits for data until Ctrl-C.
        let quiet = try UDPReceiver()
        let port = quiet.port
        _ = quiet.stop()
        let result = try runActone(["live", "udp://127.0.0.1:\(port)", "--record", "t.json"], in: folder.path, timeout: 60) { process in
            usleep(1_500_000)
            kill(process.processIdentifier, SIGINT)
        }
        #expect(!result.timedOut)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(LiveFixture.summary(result.stderr)?.frames == 0, "\(result.stderr)")
        #expect(folder.contents.isEmpty, "left: \(folder.contents)")
    }

    @Test func badInputIsOneLineAndNoFile() throws {
        let folder = ScratchFolder()
        let fixture = try LiveFixture()
        let cases: [(arguments: [String], status: Int32, says: String)] = [
            (["live", folder.file("missing.mp4"), "--record", "t.json"], 1, "missing.mp4"),
            (["live", fixture.clip, "--input-format", "nosuchdevice", "--record", "t.json"], 1, "nosuchdevice"),
            (["live", fixture.clip, "--input-options", "nosuchoption=1", "--record", "t.json"], 1, "nosuchoption"),
            (["live", mediaFixture("audio-only.m4a"), "--record", "t.json"], 1, "no video stream"),
            (["live", fixture.clip, "--send", "vmc://127.0.0.1"], 64, "--send"),
            (["live", fixture.clip, "--send", "vmc://no such host.invalid:39539"], 64, "--send"),
            (["live", fixture.clip, "-o", "udp://"], 64, "udp://"),
            (["live", fixture.clip, "-o", "http://127.0.0.1:1/x"], 64, "--output-format"),
            (["live", fixture.clip, "-o", "out.mkv"], 64, ".mp4"),
            (["live", fixture.clip], 64, "at least one output"),
            (["live", fixture.clip, fixture.character, "--record", "t.json", "--preview-source"], 64, "--preview-source"),
            (["live", fixture.clip, "--preview", "8080", "--preview-source"], 64, "--preview-source"),
            (["live", fixture.clip, "--record", "/nonexistent-folder/t.json"], 1, "t.json"),
        ]
        for item in cases {
            let result = try runActone(item.arguments, in: folder.path, timeout: 60)
            #expect(result.status == item.status, "\(item.arguments): \(result.stderr)")
            #expect(result.errorLines.count == 1 && result.stderr.contains(item.says), "\(item.arguments): \(result.stderr)")
            #expect(!result.timedOut)
        }
        #expect(folder.contents.isEmpty, "left: \(folder.contents)")
    }

    @Test func tcpListenerOnAPortInUseIsOneLine() throws {
        // Hold a TCP port, then ask live to listen on it.
        let held = HeldTCPPort()
        defer { held.release() }
        let port = held.port
        guard Self.modelsInstalled else { return }
        let fixture = try LiveFixture()
        let result = try runActone(["live", fixture.clip, "-o", "tcp://127.0.0.1:\(port)?listen=1"], timeout: 60)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.errorLines.count == 1 && result.stderr.contains("\(port)"), "\(result.stderr)")
    }
}
