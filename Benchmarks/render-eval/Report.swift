import ActOne
import Foundation

/// The printed tables. Numbers below a goal carry a `*`, so failures stand out in a long table.
enum Report {
    static func fixed(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.\(decimals)f", value)
    }

    static func drivers(_ drivers: [String], tracks: DriverTracks) -> String {
        var table = TextTable(
            header: ["driver", "frames", "fps", "face%"] + Channel.all.map { "sd " + $0.name }
                + ["stillest 1 s", "jitter %IOD/f"])
        for driver in drivers {
            guard let clip = try? tracks.track(driver) else {
                table.add([name(driver), "track failed"])
                continue
            }
            let window = Jitter.stillest(clip)
            let motion = Channel.all.map { channel in
                let sd = channel.driverMotion(clip)
                // A trailing "~" marks a channel the driver does not really move (it shows "-" below).
                return fixed(sd, channel.kind == .angle ? 1 : 3) + (sd < channel.minimumDriverMotion ? "~" : "")
            }
            table.add(
                [
                    name(driver), "\(clip.frameCount)", fixed(clip.frameRate, 2),
                    fixed(100 * Double(clip.framesWithFace) / Double(max(clip.frameCount, 1)), 0),
                ] + motion
                    + [
                        window.map { "\($0.lowerBound)-\($0.upperBound - 1)" } ?? "-",
                        fixed(window.flatMap { Jitter.percentPerFrame(clip, over: $0) }, 3),
                    ])
        }
        return table.render()
    }

    static func selfReenactment(_ results: [SelfResult]) -> String {
        var table = TextTable(header: [
            "driver", "frames", "PSNR dB", "floor", "SSIM", "floor", "LM %IOD", "floor",
            "LM/floor", "f0 PSNR", "jit drv", "jit out", "render s", "goals",
        ])
        for r in results {
            if let error = r.error {
                table.add([r.driver, "FAILED: \(error)"])
                continue
            }
            table.add([
                r.driver, "\(r.frames)",
                fixed(r.psnr, 2) + (r.psnr > r.psnrFloor ? "" : "*"), fixed(r.psnrFloor, 2),
                fixed(r.ssim, 3) + (r.ssim > r.ssimFloor ? "" : "*"), fixed(r.ssimFloor, 3),
                fixed(r.landmarks, 2), fixed(r.landmarksFloor, 2),
                fixed(r.landmarkRatio, 2) + (r.landmarkRatio <= 0.35 ? "" : "*"),
                fixed(r.firstFramePSNR, 1), fixed(r.jitterDriver, 3),
                fixed(r.jitterOutput, 3) + jitterMark(r.jitterDriver, r.jitterOutput),
                fixed(r.renderSeconds, 1), r.passes ? "met" : "missed",
            ])
        }
        return table.render()
    }

    static func crossReenactment(_ results: [PairResult]) -> String {
        var table = TextTable(
            header: ["character", "driver", "face%"] + Channel.all.map(\.name)
                + ["jit drv", "jit out", "fps"])
        for p in results {
            if let error = p.error {
                table.add([p.character, p.driver, (p.expectedToFail ? "refused, as expected: " : "FAILED: ") + error])
                continue
            }
            let cells = Channel.all.indices.map { i -> String in
                guard p.moves[i] else { return "-" }
                guard let r = p.r[i] else { return "flat*" }
                return fixed(r, 2) + (r >= Channel.all[i].goal ? "" : "*")
            }
            let face = fixed(100 * p.faceShare, 0) + (p.failed ? "!" : "")
            table.add(
                [p.character, p.driver, face] + cells
                    + [
                        fixed(p.jitterDriver, 3), fixed(p.jitterOutput, 3) + jitterMark(p.jitterDriver, p.jitterOutput),
                        fixed(p.renderFPS, 1),
                    ])
        }
        return table.render()
    }

    /// Per channel over the pairs that did not fail and where the driver moves it.
    static func summary(_ results: [PairResult]) -> String {
        var table = TextTable(header: ["channel", "goal", "pairs", "mean r", "min r", "worst pair", "met", "mean gain"])
        for (i, channel) in Channel.all.enumerated() {
            let scored = results.compactMap { p in p.score(i).map { (pair: p, r: $0) } }
            guard !scored.isEmpty else {
                table.add([channel.name, fixed(channel.goal, 2), "0"])
                continue
            }
            let worst = scored.min { $0.r < $1.r }!
            let gains = scored.compactMap { $0.pair.gain[i] }
            let met = scored.filter { $0.r >= channel.goal }.count
            table.add([
                channel.name, fixed(channel.goal, 2), "\(scored.count)", fixed(Stats.mean(scored.map(\.r)), 3),
                fixed(worst.r, 3), "\(worst.pair.character)×\(worst.pair.driver)", "\(met)/\(scored.count)",
                fixed(gains.isEmpty ? nil : Stats.mean(gains), 2),
            ])
        }
        let jitter = results.filter { !$0.failed }.compactMap { p -> Double? in
            guard let d = p.jitterDriver, let o = p.jitterOutput else { return nil }
            return o / d
        }
        let calm = jitter.filter { $0 <= 1 }.count
        return table.render() + "\njitter: output ≤ driver on \(calm)/\(jitter.count) pairs"
            + (jitter.isEmpty ? "" : ", worst output/driver \(fixed(jitter.max(), 2))")
    }

    /// One row per character: where a character's renders fail, whatever the driver.
    static func characters(_ results: [PairResult], trackerFloor: [String: Double]) -> String {
        var table = TextTable(header: [
            "character", "trk floor", "pairs", "r met", "mean r", "worst channel",
            "jit ≤ drv", "jit out/drv",
        ])
        let names = results.map(\.character).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for character in names {
            let pairs = results.filter { $0.character == character }
            let floor = fixed(trackerFloor[character], 3)
            if pairs.allSatisfy({ $0.error != nil }) {
                table.add([character, floor, "\(pairs.count)", pairs[0].expectedToFail ? "refused, as expected" : "all failed"])
                continue
            }
            // Expected failures are scored here anyway (score() would drop them): this row shows how badly.
            var scores: [(channel: String, driver: String, r: Double)] = []
            for p in pairs where p.error == nil {
                for (i, channel) in Channel.all.enumerated() where p.moves[i] {
                    scores.append((channel.name, p.driver, p.r[i] ?? 0))
                }
            }
            let met = pairs.filter { $0.error == nil }.flatMap { p in
                Channel.all.indices.filter { p.moves[$0] }.map { (p.r[$0] ?? 0) >= Channel.all[$0].goal }
            }.filter { $0 }.count
            let worst = scores.min { $0.r < $1.r }
            let jitter = pairs.compactMap { p -> Double? in
                guard let d = p.jitterDriver, let o = p.jitterOutput else { return nil }
                return o / d
            }
            table.add([
                character + (pairs[0].expectedToFail ? " (not a face)" : ""), floor, "\(pairs.count)",
                "\(met)/\(scores.count)", fixed(Stats.mean(scores.map(\.r)), 3),
                worst.map { "\($0.channel) \(fixed($0.r, 2)) (\($0.driver))" } ?? "-",
                "\(jitter.filter { $0 <= 1 }.count)/\(jitter.count)", fixed(jitter.isEmpty ? nil : Stats.mean(jitter), 2),
            ])
        }
        return table.render()
    }

    static func jitterMark(_ driver: Double?, _ output: Double?) -> String {
        guard let driver, let output else { return "" }
        return output <= driver ? "" : "*"
    }
}
