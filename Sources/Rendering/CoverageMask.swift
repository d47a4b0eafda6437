import Imaging

/// How much of each pixel a polygon covers (0...1), over the polygon's bounding box: anti-aliased
/// shapes for the mouth opening, eye openings and irises.
public struct CoverageMask: Sendable {
    /// The pixels the mask spans (clipped to the image it was made for).
    public let rect: IntRect
    /// `rect.width * rect.height` coverages, row by row.
    public var values: [Float]

    public subscript(x: Int, y: Int) -> Float {
        rect.contains(x: x, y: y) ? values[(y - rect.y) * rect.width + (x - rect.x)] : 0
    }

    /// Sum of coverages: the polygon's area in pixels (where inside the image).
    public var area: Float { values.reduce(0, +) }

    /// The even–odd fill of a closed polygon, clipped to `width`×`height`. Each pixel row is
    /// sampled on `subRows` horizontal lines; along a line coverage is exact (fractional at the
    /// span ends), so edges are smooth in both directions.
    public init(polygon: [Point2], width: Int, height: Int, subRows: Int = 4) {
        guard polygon.count >= 3, let bounds = Rect.bounding(polygon), bounds.width.isFinite, bounds.height.isFinite else {
            rect = IntRect(x: 0, y: 0, width: 0, height: 0)
            values = []
            return
        }
        // Clamped before converting: a polygon at 1e25 must not trap.
        let x0 = (bounds.x + 0.5).rounded(.down).clampedIndex(0, width), y0 = (bounds.y + 0.5).rounded(.down).clampedIndex(0, height)
        let x1 = (bounds.x + bounds.width + 0.5).rounded(.up).clampedIndex(-1, width - 1) + 1
        let y1 = (bounds.y + bounds.height + 0.5).rounded(.up).clampedIndex(-1, height - 1) + 1
        guard x0 < x1, y0 < y1 else {
            rect = IntRect(x: 0, y: 0, width: 0, height: 0)
            values = []
            return
        }
        rect = IntRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        values = [Float](repeating: 0, count: rect.width * rect.height)
        let weight = 1 / Float(subRows)
        var crossings: [Float] = []
        for y in y0..<y1 {
            for s in 0..<subRows {
                // Pixel y spans y − 0.5 ..< y + 0.5; sample lines sit in the middle of sub-rows.
                let sy = Float(y) - 0.5 + (Float(s) + 0.5) * weight
                crossings.removeAll(keepingCapacity: true)
                for i in polygon.indices {
                    let a = polygon[i], b = polygon[(i + 1) % polygon.count]
                    if (a.y <= sy) != (b.y <= sy) {
                        crossings.append(a.x + (sy - a.y) / (b.y - a.y) * (b.x - a.x))
                    }
                }
                crossings.sort()
                var k = 0
                while k + 1 < crossings.count {
                    addSpan(row: y - y0, from: crossings[k], to: crossings[k + 1], weight: weight)
                    k += 2
                }
            }
        }
    }

    /// Adds `weight` × the covered fraction of each pixel in the row for the span `from..<to` (x).
    private mutating func addSpan(row: Int, from: Float, to: Float, weight: Float) {
        // Pixel x spans x − 0.5 ..< x + 0.5.
        let left = max(from, Float(rect.x) - 0.5), right = min(to, Float(rect.x + rect.width) - 0.5)
        guard left < right else { return }
        let first = Int((left + 0.5).rounded(.down)), last = Int((right + 0.5).rounded(.up)) - 1
        let base = row * rect.width - rect.x
        let lo = max(first, rect.x), hi = min(last, rect.x + rect.width - 1)
        guard lo <= hi else { return }
        for x in lo...hi {
            let covered = min(right, Float(x) + 0.5) - max(left, Float(x) - 0.5)
            if covered > 0 { values[base + x] += covered * weight }
        }
    }
}

extension RGBImage {
    /// Blends `sample(x, y)` over the image with the mask's coverage × `alpha(x, y)`.
    mutating func blend(
        _ mask: CoverageMask, alpha: (Int, Int) -> Float,
        sample: (Int, Int) -> FloatRGB
    ) {
        guard mask.rect.width > 0 else { return }
        for y in mask.rect.y..<(mask.rect.y + mask.rect.height) {
            for x in mask.rect.x..<(mask.rect.x + mask.rect.width) {
                let a = min(mask.values[(y - mask.rect.y) * mask.rect.width + (x - mask.rect.x)], 1) * alpha(x, y)
                guard a > 0.002 else { continue }
                let c = sample(x, y)
                let i = (y * width + x) * 3
                pixels[i] = mixByte(pixels[i], c.r, a)
                pixels[i + 1] = mixByte(pixels[i + 1], c.g, a)
                pixels[i + 2] = mixByte(pixels[i + 2], c.b, a)
            }
        }
    }
}

@inline(__always) func mixByte(_ under: UInt8, _ over: Float, _ alpha: Float) -> UInt8 {
    let v = Float(under) + (over - Float(under)) * alpha + 0.5
    return v <= 0 ? 0 : (v >= 255 ? 255 : UInt8(v))
}
