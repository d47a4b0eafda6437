// Turning the detector's raw tensors into detections, as MediaPipe's TensorsToDetectionsCalculator
// (mediapipe/calculators/tensor/tensors_to_detections_calculator.cc) and NonMaxSuppressionCalculator
// in WEIGHTED mode (mediapipe/calculators/util/non_max_suppression_calculator.cc) do it.

import Foundation
import Imaging

/// A detection before projection to the image: box corners and keypoints in the coordinates they
/// were decoded in (normalized tensor coordinates, or image pixels after projection).
struct RawDetection: Sendable, Hashable {
    var xMin: Float
    var yMin: Float
    var xMax: Float
    var yMax: Float
    /// x0, y0, x1, y1, ... (six keypoints for the face models).
    var keypoints: [Float]
    var score: Float

    var area: Float { max(0, xMax - xMin) * max(0, yMax - yMin) }

    /// Intersection over union; 0 when the boxes do not overlap.
    func intersectionOverUnion(_ other: RawDetection) -> Float {
        let ix0 = max(xMin, other.xMin), iy0 = max(yMin, other.yMin)
        let ix1 = min(xMax, other.xMax), iy1 = min(yMax, other.yMax)
        guard ix1 > ix0, iy1 > iy0 else { return 0 }
        let inter = (ix1 - ix0) * (iy1 - iy0)
        let norm = area + other.area - inter
        return norm > 0 ? inter / norm : 0
    }
}

/// The TensorsToDetectionsCalculator options the face graphs set.
struct DetectionDecodingOptions: Sendable, Hashable {
    var numCoords = 16
    var boxCoordOffset = 0
    var keypointCoordOffset = 4
    var numKeypoints = 6
    var numValuesPerKeypoint = 2
    var xScale: Float
    var yScale: Float
    var wScale: Float
    var hScale: Float
    var scoreClippingThreshold: Float = 100
    var minScoreThreshold: Float
}

enum DetectionDecoder {
    /// Decodes `regressors` ([anchors × numCoords], box as x centre, y centre, w, h since the
    /// face graphs set reverse_output_order) and `scores` ([anchors] logits) into detections in
    /// normalized tensor coordinates, keeping those whose sigmoid score reaches the threshold.
    static func decode(
        regressors: UnsafeBufferPointer<Float>, scores: UnsafeBufferPointer<Float>,
        anchors: [SSDAnchor], options o: DetectionDecodingOptions
    ) -> [RawDetection] {
        var result: [RawDetection] = []
        let count = min(anchors.count, scores.count, regressors.count / o.numCoords)
        for i in 0..<count {
            let clip = o.scoreClippingThreshold
            let logit = min(max(scores[i], -clip), clip)
            let score = 1 / (1 + expf(-logit))
            guard score >= o.minScoreThreshold else { continue }
            let anchor = anchors[i]
            let base = i * o.numCoords
            let b = base + o.boxCoordOffset
            let xc = regressors[b] / o.xScale * anchor.width + anchor.xCenter
            let yc = regressors[b + 1] / o.yScale * anchor.height + anchor.yCenter
            let w = regressors[b + 2] / o.wScale * anchor.width
            let h = regressors[b + 3] / o.hScale * anchor.height
            // MediaPipe drops boxes with negative (or NaN) size.
            guard w >= 0, h >= 0 else { continue }
            var keypoints = [Float](repeating: 0, count: o.numKeypoints * 2)
            for k in 0..<o.numKeypoints {
                let kb = base + o.keypointCoordOffset + k * o.numValuesPerKeypoint
                keypoints[2 * k] = regressors[kb] / o.xScale * anchor.width + anchor.xCenter
                keypoints[2 * k + 1] = regressors[kb + 1] / o.yScale * anchor.height + anchor.yCenter
            }
            result.append(
                RawDetection(
                    xMin: xc - w / 2, yMin: yc - h / 2, xMax: xc + w / 2, yMax: yc + h / 2,
                    keypoints: keypoints, score: score))
        }
        return result
    }
}

enum WeightedNonMaxSuppression {
    /// MediaPipe's weighted NMS: take the best remaining detection, gather every remaining one
    /// whose IoU with it exceeds `threshold` (itself included), and output their score-weighted
    /// average box and keypoints with the best one's score. Output is in descending score order.
    static func apply(_ detections: [RawDetection], threshold: Float) -> [RawDetection] {
        // Descending score; ties by original index so the result does not depend on sort stability.
        var remaining = detections.indices.sorted {
            detections[$0].score != detections[$1].score ? detections[$0].score > detections[$1].score : $0 < $1
        }
        var output: [RawDetection] = []
        while let top = remaining.first {
            let best = detections[top]
            var kept: [Int] = []
            var totalScore: Float = 0
            var x0: Float = 0, y0: Float = 0, x1: Float = 0, y1: Float = 0
            var keypoints = [Float](repeating: 0, count: best.keypoints.count)
            for index in remaining {
                let d = detections[index]
                if d.intersectionOverUnion(best) > threshold {
                    totalScore += d.score
                    x0 += d.xMin * d.score
                    y0 += d.yMin * d.score
                    x1 += d.xMax * d.score
                    y1 += d.yMax * d.score
                    for k in keypoints.indices where k < d.keypoints.count {
                        keypoints[k] += d.keypoints[k] * d.score
                    }
                } else {
                    kept.append(index)
                }
            }
            var weighted = best
            if totalScore > 0 {
                weighted.xMin = x0 / totalScore
                weighted.yMin = y0 / totalScore
                weighted.xMax = x1 / totalScore
                weighted.yMax = y1 / totalScore
                weighted.keypoints = keypoints.map { $0 / totalScore }
            }
            output.append(weighted)
            if kept.count == remaining.count { break }  // as MediaPipe: no progress, stop
            remaining = kept
        }
        return output
    }
}
