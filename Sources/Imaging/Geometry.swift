// Small value types for 2D geometry in image space.
//
// Conventions used throughout Imaging (sampling, drawing, warping):
// - x grows to the right, y grows downwards, as in the pixel buffer.
// - Pixel (i, j) has its centre at the point (i, j). So a point with integer coordinates lies
//   exactly on a pixel, and bilinear sampling there returns that pixel unchanged.
// Float is precise enough for coordinates in frames of a few thousand pixels and halves the
// memory of landmark arrays compared with Double.

/// A point (or a 2D vector) in image coordinates.
public struct Point2: Sendable, Hashable, Codable {
    public var x: Float
    public var y: Float

    @inlinable public init(_ x: Float, _ y: Float) {
        self.x = x
        self.y = y
    }

    @inlinable public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }

    public static let zero = Point2(0, 0)

    @inlinable public static func + (a: Point2, b: Point2) -> Point2 { Point2(a.x + b.x, a.y + b.y) }
    @inlinable public static func - (a: Point2, b: Point2) -> Point2 { Point2(a.x - b.x, a.y - b.y) }
    @inlinable public static prefix func - (a: Point2) -> Point2 { Point2(-a.x, -a.y) }
    @inlinable public static func * (a: Point2, s: Float) -> Point2 { Point2(a.x * s, a.y * s) }
    @inlinable public static func * (s: Float, a: Point2) -> Point2 { Point2(a.x * s, a.y * s) }
    @inlinable public static func / (a: Point2, s: Float) -> Point2 { Point2(a.x / s, a.y / s) }
    @inlinable public static func += (a: inout Point2, b: Point2) { a = a + b }
    @inlinable public static func -= (a: inout Point2, b: Point2) { a = a - b }

    @inlinable public func dot(_ other: Point2) -> Float { x * other.x + y * other.y }
    /// Squared length; cheaper than `length` when only comparing distances.
    @inlinable public var lengthSquared: Float { x * x + y * y }
    @inlinable public var length: Float { lengthSquared.squareRoot() }
    @inlinable public func distance(to other: Point2) -> Float { (self - other).length }

    /// Linear interpolation: `self` at t = 0, `other` at t = 1.
    @inlinable public func interpolated(to other: Point2, _ t: Float) -> Point2 {
        Point2(x + (other.x - x) * t, y + (other.y - y) * t)
    }
}

/// A width and height in whole pixels (an image size, a text extent).
public struct IntSize: Sendable, Hashable, Codable {
    public var width: Int
    public var height: Int

    @inlinable public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public static let zero = IntSize(width: 0, height: 0)
}

/// An axis-aligned rectangle with Float coordinates, e.g. a detected face box.
///
/// `contains` is half-open (`minX <= x < maxX`) so rectangles that tile a plane never both claim
/// a point on their shared edge.
public struct Rect: Sendable, Hashable, Codable {
    public var x: Float
    public var y: Float
    public var width: Float
    public var height: Float

    @inlinable public init(x: Float, y: Float, width: Float, height: Float) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle spanning two corners given in any order.
    @inlinable public init(minX: Float, minY: Float, maxX: Float, maxY: Float) {
        self.init(
            x: Swift.min(minX, maxX), y: Swift.min(minY, maxY),
            width: abs(maxX - minX), height: abs(maxY - minY))
    }

    @inlinable public var minX: Float { x }
    @inlinable public var minY: Float { y }
    @inlinable public var maxX: Float { x + width }
    @inlinable public var maxY: Float { y + height }
    @inlinable public var center: Point2 { Point2(x + width / 2, y + height / 2) }
    /// True when the rectangle encloses no area (including negative or NaN sizes).
    @inlinable public var isEmpty: Bool { !(width > 0 && height > 0) }

    @inlinable public func contains(_ p: Point2) -> Bool {
        p.x >= minX && p.x < maxX && p.y >= minY && p.y < maxY
    }

    /// The overlap of two rectangles, or nil when they share no area.
    public func intersection(_ other: Rect) -> Rect? {
        let lowX = Swift.max(minX, other.minX), lowY = Swift.max(minY, other.minY)
        let highX = Swift.min(maxX, other.maxX), highY = Swift.min(maxY, other.maxY)
        guard highX > lowX, highY > lowY else { return nil }
        return Rect(x: lowX, y: lowY, width: highX - lowX, height: highY - lowY)
    }

    /// The smallest rectangle containing both. An empty rectangle contributes nothing, so
    /// folding `union` over a list starting from an empty rect gives the list's bounds.
    public func union(_ other: Rect) -> Rect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return Rect(
            minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
            maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    /// Grown (or, for factors below 1, shrunk) about its centre; face crops are usually the
    /// detector's box enlarged by a margin like 1.5.
    public func scaled(by factor: Float) -> Rect {
        let c = center
        let w = width * factor, h = height * factor
        return Rect(x: c.x - w / 2, y: c.y - h / 2, width: w, height: h)
    }

    /// Moved inwards by `dx` on the left and right and `dy` on top and bottom (negative grows).
    public func insetBy(dx: Float, dy: Float) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// The bounding box of some points; `nil` for an empty list.
    public static func bounding(_ points: [Point2]) -> Rect? {
        guard var low = points.first else { return nil }
        var high = low
        for p in points.dropFirst() {
            low = Point2(Swift.min(low.x, p.x), Swift.min(low.y, p.y))
            high = Point2(Swift.max(high.x, p.x), Swift.max(high.y, p.y))
        }
        return Rect(minX: low.x, minY: low.y, maxX: high.x, maxY: high.y)
    }
}

/// An axis-aligned rectangle of whole pixels: columns `x ..< x + width`, rows `y ..< y + height`.
///
/// Used where an operation addresses pixels directly (fills, crops, the box around a label).
/// Arithmetic on the edges saturates instead of trapping, so clipping a rectangle with absurd
/// coordinates against an image is always safe.
public struct IntRect: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    @inlinable public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The smallest pixel rectangle that covers `rect` (edges rounded outwards). Non-finite
    /// edges are clamped to a very large range rather than trapping.
    public init(enclosing rect: Rect) {
        let lowX = Self.clampedInt(rect.minX.rounded(.down)), lowY = Self.clampedInt(rect.minY.rounded(.down))
        let highX = Self.clampedInt(rect.maxX.rounded(.up)), highY = Self.clampedInt(rect.maxY.rounded(.up))
        self.init(x: lowX, y: lowY, width: Swift.max(0, highX - lowX), height: Swift.max(0, highY - lowY))
    }

    @inlinable public var minX: Int { x }
    @inlinable public var minY: Int { y }
    /// One past the last column (saturating).
    @inlinable public var maxX: Int { Self.saturatingAdd(x, width) }
    /// One past the last row (saturating).
    @inlinable public var maxY: Int { Self.saturatingAdd(y, height) }
    @inlinable public var isEmpty: Bool { width <= 0 || height <= 0 }
    @inlinable public var size: IntSize { IntSize(width: width, height: height) }

    @inlinable public func contains(x px: Int, y py: Int) -> Bool {
        px >= minX && px < maxX && py >= minY && py < maxY
    }

    /// The overlap, or nil when the rectangles share no pixel.
    public func intersection(_ other: IntRect) -> IntRect? {
        guard !isEmpty, !other.isEmpty else { return nil }
        let lowX = Swift.max(minX, other.minX), lowY = Swift.max(minY, other.minY)
        let highX = Swift.min(maxX, other.maxX), highY = Swift.min(maxY, other.maxY)
        guard highX > lowX, highY > lowY else { return nil }
        return IntRect(x: lowX, y: lowY, width: highX - lowX, height: highY - lowY)
    }

    /// The smallest rectangle containing both; empty rectangles contribute nothing.
    public func union(_ other: IntRect) -> IntRect {
        if isEmpty { return other }
        if other.isEmpty { return self }
        let lowX = Swift.min(minX, other.minX), lowY = Swift.min(minY, other.minY)
        let highX = Swift.max(maxX, other.maxX), highY = Swift.max(maxY, other.maxY)
        return IntRect(x: lowX, y: lowY, width: highX - lowX, height: highY - lowY)
    }

    @inlinable static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    /// Keeps coordinates within ±2^40 so later sums cannot overflow; NaN maps to 0.
    static func clampedInt(_ v: Float) -> Int {
        let limit: Float = 1_099_511_627_776  // 2^40
        if v.isNaN { return 0 }
        return Int(Swift.min(Swift.max(v, -limit), limit))
    }
}

extension RGBImage {
    /// The whole image as a pixel rectangle; the clip region for drawing.
    @inlinable public var bounds: IntRect { IntRect(x: 0, y: 0, width: width, height: height) }
    @inlinable public var size: IntSize { IntSize(width: width, height: height) }
}

extension GrayImage {
    @inlinable public var bounds: IntRect { IntRect(x: 0, y: 0, width: width, height: height) }
    @inlinable public var size: IntSize { IntSize(width: width, height: height) }
}

/// A 2D affine transform, the top two rows of a 3×3 matrix:
///
///     x' = a·x + b·y + tx
///     y' = c·x + d·y + ty
///
/// Face crops are built from these: a similarity (rotate, scale, translate) maps crop pixels to
/// frame pixels, and its inverse maps landmarks found in the crop back to the frame.
public struct Affine2D: Sendable, Hashable, Codable {
    public var a: Float
    public var b: Float
    public var c: Float
    public var d: Float
    public var tx: Float
    public var ty: Float

    @inlinable public init(a: Float, b: Float, c: Float, d: Float, tx: Float, ty: Float) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        self.tx = tx
        self.ty = ty
    }

    public static let identity = Affine2D(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)

    public static func translation(_ dx: Float, _ dy: Float) -> Affine2D {
        Affine2D(a: 1, b: 0, c: 0, d: 1, tx: dx, ty: dy)
    }

    public static func translation(_ offset: Point2) -> Affine2D { translation(offset.x, offset.y) }

    public static func scale(_ sx: Float, _ sy: Float) -> Affine2D {
        Affine2D(a: sx, b: 0, c: 0, d: sy, tx: 0, ty: 0)
    }

    public static func scale(_ s: Float) -> Affine2D { scale(s, s) }

    /// Rotation about the origin that maps (1, 0) to (cos θ, sin θ). Because y points down in
    /// images, a positive angle turns things clockwise on screen.
    public static func rotation(_ radians: Float) -> Affine2D {
        let cs = PlatformMath.cosine(radians), sn = PlatformMath.sine(radians)
        return Affine2D(a: cs, b: -sn, c: sn, d: cs, tx: 0, ty: 0)
    }

    /// Rotation about `pivot` (e.g. a face centre) instead of the origin.
    public static func rotation(_ radians: Float, about pivot: Point2) -> Affine2D {
        translation(-pivot).then(rotation(radians)).then(translation(pivot))
    }

    /// Matrix product: the result applies `rhs` first, then `lhs` (as in `lhs * (rhs * p)`).
    public static func * (lhs: Affine2D, rhs: Affine2D) -> Affine2D {
        Affine2D(
            a: lhs.a * rhs.a + lhs.b * rhs.c,
            b: lhs.a * rhs.b + lhs.b * rhs.d,
            c: lhs.c * rhs.a + lhs.d * rhs.c,
            d: lhs.c * rhs.b + lhs.d * rhs.d,
            tx: lhs.a * rhs.tx + lhs.b * rhs.ty + lhs.tx,
            ty: lhs.c * rhs.tx + lhs.d * rhs.ty + lhs.ty)
    }

    /// The transform that applies `self` and then `next`; reads in pipeline order, which is
    /// harder to get wrong than the matrix-product order of `*`.
    public func then(_ next: Affine2D) -> Affine2D { next * self }

    public var determinant: Float { a * d - b * c }

    /// The inverse transform, or nil when the matrix is singular (it squashes the plane onto a
    /// line or point) or not finite.
    public var inverse: Affine2D? {
        let det = determinant
        guard det.isNormal else { return nil }  // rejects 0, subnormal, infinite and NaN
        let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
        return Affine2D(
            a: ia, b: ib, c: ic, d: id,
            tx: -(ia * tx + ib * ty),
            ty: -(ic * tx + id * ty))
    }

    @inlinable public func apply(_ p: Point2) -> Point2 {
        Point2(a * p.x + b * p.y + tx, c * p.x + d * p.y + ty)
    }

    /// Applies only the linear part, for directions and offsets that must not be translated.
    @inlinable public func applyToVector(_ v: Point2) -> Point2 {
        Point2(a * v.x + b * v.y, c * v.x + d * v.y)
    }
}

extension Float {
    /// This value (rounded already) as an index, clamped to `lower...upper` before the conversion,
    /// so a huge or infinite coordinate cannot trap `Int(_:)`; NaN gives `lower`.
    @inlinable public func clampedIndex(_ lower: Int, _ upper: Int) -> Int {
        guard self > Float(lower) else { return lower }
        guard self < Float(upper) else { return upper }
        return Int(self)
    }
}
