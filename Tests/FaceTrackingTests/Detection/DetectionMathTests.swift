import Foundation
import Imaging
import Testing

@testable import FaceTracking

@Suite struct AnchorDetectionTests {
    @Test func shortRangeAnchors() {
        let anchors = SSDAnchors.generate(FaceDetector.Model.shortRange.anchorOptions)
        #expect(anchors.count == 896)
        // Stride 8: 16×16 cells, two anchors each (aspect 1.0 + interpolated scale).
        #expect(anchors[0] == SSDAnchor(xCenter: 0.5 / 16, yCenter: 0.5 / 16, width: 1, height: 1))
        #expect(anchors[1] == anchors[0])
        #expect(anchors[2].xCenter == 1.5 / 16 && anchors[2].yCenter == 0.5 / 16)
        #expect(anchors[511].xCenter == 15.5 / 16 && anchors[511].yCenter == 15.5 / 16)
        // Stride 16 (three layers merged): 8×8 cells, six anchors each.
        #expect(anchors[512].xCenter == 0.5 / 8 && anchors[512].yCenter == 0.5 / 8)
        #expect(anchors[517] == anchors[512])
        #expect(anchors[518].xCenter == 1.5 / 8)
        #expect(anchors[895].xCenter == 7.5 / 8 && anchors[895].yCenter == 7.5 / 8)
    }

    @Test func fullRangeAnchors() {
        let anchors = SSDAnchors.generate(FaceDetector.Model.fullRange.anchorOptions)
        #expect(anchors.count == 2304)
        #expect(anchors[0] == SSDAnchor(xCenter: 0.5 / 48, yCenter: 0.5 / 48, width: 1, height: 1))
        #expect(anchors[1].xCenter == 1.5 / 48)
        #expect(anchors[48].yCenter == 1.5 / 48 && anchors[48].xCenter == 0.5 / 48)
        #expect(anchors[2303].xCenter == 47.5 / 48)
    }

    @Test func anchorSizesWhenNotFixed() {
        var options = FaceDetector.Model.shortRange.anchorOptions
        options.fixedAnchorSize = false
        let anchors = SSDAnchors.generate(options)
        // Layer 0: scale = min_scale; interpolated = sqrt(scale0 · scale1).
        #expect(abs(anchors[0].width - 0.1484375) < 1e-6)
        let s1: Float = 0.1484375 + (0.75 - 0.1484375) / 3
        #expect(abs(anchors[1].width - (0.1484375 * s1).squareRoot()) < 1e-6)
        // Last layer's interpolated anchor uses scale_next = 1.
        #expect(abs(anchors[895].width - Float(0.75).squareRoot()) < 1e-6)
    }
}

@Suite struct DecodingDetectionTests {
    @Test func oneAnchorWithKnownOffsets() {
        let anchors = SSDAnchors.generate(FaceDetector.Model.shortRange.anchorOptions)
        let options = FaceDetector.Model.shortRange.decodingOptions
        var regressors = [Float](repeating: 0, count: 896 * 16)
        var scores = [Float](repeating: -10, count: 896)
        let i = 2  // anchor centre (1.5/16, 0.5/16)
        scores[i] = 2
        // Centre offset (+12.8, -6.4) px in the 128 tensor, size 32×64 px.
        regressors[i * 16 + 0] = 12.8
        regressors[i * 16 + 1] = -6.4
        regressors[i * 16 + 2] = 32
        regressors[i * 16 + 3] = 64
        for k in 0..<6 {
            regressors[i * 16 + 4 + 2 * k] = Float(k) * 12.8
            regressors[i * 16 + 5 + 2 * k] = -Float(k) * 6.4
        }
        let out = regressors.withUnsafeBufferPointer { r in
            scores.withUnsafeBufferPointer { s in
                DetectionDecoder.decode(regressors: r, scores: s, anchors: anchors, options: options)
            }
        }
        #expect(out.count == 1)
        let d = out[0]
        let xc: Float = 1.5 / 16 + 0.1, yc: Float = 0.5 / 16 - 0.05
        #expect(abs(d.xMin - (xc - 0.125)) < 1e-6 && abs(d.xMax - (xc + 0.125)) < 1e-6)
        #expect(abs(d.yMin - (yc - 0.25)) < 1e-6 && abs(d.yMax - (yc + 0.25)) < 1e-6)
        #expect(abs(d.keypoints[0] - 1.5 / 16) < 1e-6)
        #expect(abs(d.keypoints[10] - (1.5 / 16 + 0.5)) < 1e-6)
        #expect(abs(d.keypoints[11] - (0.5 / 16 - 0.25)) < 1e-6)
        #expect(abs(d.score - 1 / (1 + expf(-2))) < 1e-6)
    }

    @Test func sigmoidThresholdAndClipping() {
        let anchors = Array(repeating: SSDAnchor(xCenter: 0.5, yCenter: 0.5, width: 1, height: 1), count: 4)
        var options = FaceDetector.Model.shortRange.decodingOptions
        var regressors = [Float](repeating: 0, count: 4 * 16)
        for i in 0..<4 { regressors[i * 16 + 2] = 10; regressors[i * 16 + 3] = 10 }
        // logit 0 → 0.5 (kept at threshold 0.5); -0.01 → just below; 1000 → clipped to 100 → 1.
        let scores: [Float] = [0, -0.01, 1000, -1000]
        func run() -> [RawDetection] {
            regressors.withUnsafeBufferPointer { r in
                scores.withUnsafeBufferPointer { s in
                    DetectionDecoder.decode(regressors: r, scores: s, anchors: anchors, options: options)
                }
            }
        }
        let out = run()
        #expect(out.map(\.score) == [0.5, 1])
        options.minScoreThreshold = 0.6  // full range's threshold
        #expect(run().map(\.score) == [1])
        // Negative size is dropped (as MediaPipe does).
        regressors[2 * 16 + 2] = -1
        #expect(run().isEmpty)
    }
}

@Suite struct SuppressionDetectionTests {
    func box(_ x: Float, _ y: Float, _ w: Float, _ h: Float, score: Float, kp: Float) -> RawDetection {
        RawDetection(xMin: x, yMin: y, xMax: x + w, yMax: y + h, keypoints: [kp, kp], score: score)
    }

    @Test func weightedAverageAndSuppression() {
        let a = box(0, 0, 10, 10, score: 0.9, kp: 1)
        let b = box(1, 0, 10, 10, score: 0.6, kp: 4)  // IoU 9/11 with a: merged
        let c = box(6, 0, 10, 10, score: 0.8, kp: 9)  // IoU 4/16 = 0.25 with a: kept apart
        let far = box(100, 100, 5, 5, score: 0.7, kp: 0)
        let out = WeightedNonMaxSuppression.apply([b, far, c, a], threshold: 0.3)
        #expect(out.count == 3)
        #expect(out.map(\.score) == [0.9, 0.8, 0.7])
        // First: a and b averaged by score (c is not within a's overlap).
        let total: Float = 1.5
        #expect(abs(out[0].xMin - (0 * 0.9 + 1 * 0.6) / total) < 1e-6)
        #expect(abs(out[0].xMax - (10 * 0.9 + 11 * 0.6) / total) < 1e-6)
        #expect(abs(out[0].keypoints[0] - (1 * 0.9 + 4 * 0.6) / total) < 1e-6)
        // c is alone after a and b are taken.
        #expect(out[1] == c)
        #expect(out[2] == far)
    }

    @Test func intersectionOverUnion() {
        let a = box(0, 0, 10, 10, score: 1, kp: 0)
        #expect(a.intersectionOverUnion(box(5, 0, 10, 10, score: 1, kp: 0)) == 50 / Float(150))
        #expect(a.intersectionOverUnion(box(10, 0, 10, 10, score: 1, kp: 0)) == 0)
        #expect(a.intersectionOverUnion(a) == 1)
        #expect(WeightedNonMaxSuppression.apply([], threshold: 0.3).isEmpty)
    }
}

@Suite struct LetterboxDetectionTests {
    @Test func wholeImageIsCentred() {
        let lb = Letterbox(imageWidth: 512, height: 600, tensorSize: 128)
        #expect(lb.side == 600)
        #expect(lb.corner == Point2(-44, 0))
        // The tensor's centre is the image's centre (MediaPipe's coordinates: normalized × size).
        let c = lb.imagePoint(normalized: Point2(0.5, 0.5))
        #expect(abs(c.x - 256) < 1e-4 && abs(c.y - 300) < 1e-4)
        // Corners of the image map into the padded square.
        let tl = lb.normalized(imagePoint: Point2(0, 0))
        #expect(abs(tl.x - 44 / 600) < 1e-6 && tl.y == 0)
    }

    @Test func roundTrip() {
        let lb = Letterbox(imageWidth: 300, height: 200, tensorSize: 192)
        for p in [Point2(0, 0), Point2(123.25, 17.5), Point2(299, 199), Point2(-20, 250)] {
            let back = lb.imagePoint(normalized: lb.normalized(imagePoint: p))
            #expect(abs(back.x - p.x) < 1e-3 && abs(back.y - p.y) < 1e-3)
        }
        // Tensor pixel u samples normalized u/N (OpenCV's corner-to-corner warp in MediaPipe).
        let t = lb.sourceFromTensor
        let s = t.apply(Point2(10, 100))
        let n = lb.imagePoint(normalized: Point2(10 / 192, 100 / 192))
        #expect(abs(s.x - n.x) < 1e-3 && abs(s.y - n.y) < 1e-3)
    }

    @Test func tensorIsPaddedBlackAndNormalized() {
        // A white 4×2 image letterboxed into 4×4: rows 0 and 3 pad (-1), rows 1-2 white (+1).
        let image = RGBImage(width: 4, height: 2, pixels: [UInt8](repeating: 255, count: 4 * 2 * 3))
        let lb = Letterbox(imageWidth: 4, height: 2, tensorSize: 4)
        var buffer = [Float](repeating: 0, count: 4 * 4 * 3)
        buffer.withUnsafeMutableBufferPointer { lb.write(image, into: $0) }
        for v in 0..<4 {
            let expected: Float = (v == 0 || v == 3) ? -1 : 1
            for u in 0..<4 { #expect(buffer[(v * 4 + u) * 3] == expected) }
        }
        // Between the image and the padding, bilinear sampling blends with black (BORDER_ZERO).
        let half = Letterbox(corner: Point2(0, -0.5), side: 4, tensorSize: 4)
        buffer.withUnsafeMutableBufferPointer { half.write(image, into: $0) }
        #expect(buffer[0] == 0 && buffer[(1 * 4) * 3] == 1 && buffer[(2 * 4) * 3] == 0 && buffer[(3 * 4) * 3] == -1)
    }

    @Test func projectionToPixels() {
        let lb = Letterbox(imageWidth: 400, height: 200, tensorSize: 128)
        let d = RawDetection(xMin: 0.25, yMin: 0.25, xMax: 0.75, yMax: 0.75, keypoints: [0.5, 0.5], score: 0.9)
        let p = FaceDetector.faceDetection(FaceDetector.project(d, through: lb))
        #expect(p.box == Rect(minX: 100, minY: 0, maxX: 300, maxY: 200))
        #expect(p.keypoints == [Point2(200, 100)])
        #expect(p.score == 0.9)
    }
}

@Suite struct TilingDetectionTests {
    @Test func tilesCoverTheImageAndOwnEveryPointOnce() throws {
        let detector = try #require(DetectionModelFiles.stillDetector)
        let tiles = detector.tiles(width: 1000, height: 600)
        #expect(!tiles.isEmpty)
        for fraction in detector.tileFractions {
            let side = max(1000 * fraction, detector.minimumTileSide)
            let level = tiles.filter { $0.region.side == side }
            for p in [Point2(0, 0), Point2(999, 599), Point2(500, 300), Point2(137, 411)] {
                let d = RawDetection(xMin: p.x, yMin: p.y, xMax: p.x, yMax: p.y, keypoints: [], score: 1)
                #expect(level.filter { $0.owns(d) }.count == 1)
            }
        }
    }
}
