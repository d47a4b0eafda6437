// SSD anchors for the BlazeFace detectors, generated the way MediaPipe's SsdAnchorsCalculator
// does it (mediapipe/calculators/tflite/ssd_anchors_calculator.cc, non-multiscale path).

/// One anchor in normalized tensor coordinates (0...1 across the model's input).
public struct SSDAnchor: Sendable, Hashable {
    public var xCenter: Float
    public var yCenter: Float
    public var width: Float
    public var height: Float

    public init(xCenter: Float, yCenter: Float, width: Float, height: Float) {
        self.xCenter = xCenter
        self.yCenter = yCenter
        self.width = width
        self.height = height
    }
}

/// The subset of `SsdAnchorsCalculatorOptions` the face detectors use.
public struct SSDAnchorOptions: Sendable, Hashable {
    public var inputWidth: Int
    public var inputHeight: Int
    public var minScale: Float
    public var maxScale: Float
    public var anchorOffsetX: Float
    public var anchorOffsetY: Float
    public var strides: [Int]
    public var aspectRatios: [Float]
    public var interpolatedScaleAspectRatio: Float
    public var fixedAnchorSize: Bool

    public init(
        inputWidth: Int, inputHeight: Int, minScale: Float, maxScale: Float,
        anchorOffsetX: Float = 0.5, anchorOffsetY: Float = 0.5, strides: [Int],
        aspectRatios: [Float] = [1.0], interpolatedScaleAspectRatio: Float = 1.0,
        fixedAnchorSize: Bool = true
    ) {
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.minScale = minScale
        self.maxScale = maxScale
        self.anchorOffsetX = anchorOffsetX
        self.anchorOffsetY = anchorOffsetY
        self.strides = strides
        self.aspectRatios = aspectRatios
        self.interpolatedScaleAspectRatio = interpolatedScaleAspectRatio
        self.fixedAnchorSize = fixedAnchorSize
    }
}

public enum SSDAnchors {
    /// Generates the anchors: consecutive layers with the same stride share one grid, and each
    /// grid cell gets one anchor per aspect ratio (plus one for the interpolated scale when
    /// `interpolatedScaleAspectRatio > 0`), in row-major cell order.
    public static func generate(_ options: SSDAnchorOptions) -> [SSDAnchor] {
        var anchors: [SSDAnchor] = []
        let strides = options.strides
        let layerCount = strides.count
        func scale(_ index: Int) -> Float {
            if layerCount == 1 { return (options.minScale + options.maxScale) * 0.5 }
            return options.minScale + (options.maxScale - options.minScale) * Float(index) / Float(layerCount - 1)
        }
        var layer = 0
        while layer < layerCount {
            var widths: [Float] = []
            var heights: [Float] = []
            var last = layer
            while last < layerCount, strides[last] == strides[layer] {
                let s = scale(last)
                var ratios: [Float] = []
                var scales: [Float] = []
                for ratio in options.aspectRatios {
                    ratios.append(ratio)
                    scales.append(s)
                }
                if options.interpolatedScaleAspectRatio > 0 {
                    let next: Float = last == layerCount - 1 ? 1 : scale(last + 1)
                    scales.append((s * next).squareRoot())
                    ratios.append(options.interpolatedScaleAspectRatio)
                }
                for (ratio, s) in zip(ratios, scales) {
                    let root = ratio.squareRoot()
                    heights.append(s / root)
                    widths.append(s * root)
                }
                last += 1
            }
            let stride = strides[layer]
            let mapHeight = (options.inputHeight + stride - 1) / stride
            let mapWidth = (options.inputWidth + stride - 1) / stride
            for y in 0..<mapHeight {
                for x in 0..<mapWidth {
                    for k in widths.indices {
                        let xc = (Float(x) + options.anchorOffsetX) / Float(mapWidth)
                        let yc = (Float(y) + options.anchorOffsetY) / Float(mapHeight)
                        anchors.append(
                            options.fixedAnchorSize
                                ? SSDAnchor(xCenter: xc, yCenter: yc, width: 1, height: 1)
                                : SSDAnchor(xCenter: xc, yCenter: yc, width: widths[k], height: heights[k]))
                    }
                }
            }
            layer = last
        }
        return anchors
    }
}
