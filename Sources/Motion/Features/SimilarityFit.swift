import Foundation

/// Small 3D linear algebra for the motion features (Double precision throughout).
public typealias Vec3 = SIMD3<Double>

/// A 3×3 matrix, row-major: `m[r][c]` is `rows[r][c]`.
public struct Mat3: Sendable, Hashable {
    public var rows: [Vec3]

    public init(rows: [Vec3]) {
        precondition(rows.count == 3)
        self.rows = rows
    }

    public static let identity = Mat3(rows: [Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)])

    public subscript(r: Int, c: Int) -> Double {
        get { rows[r][c] }
        set { rows[r][c] = newValue }
    }

    public var transposed: Mat3 {
        Mat3(rows: (0..<3).map { c in Vec3(rows[0][c], rows[1][c], rows[2][c]) })
    }

    public static func * (m: Mat3, v: Vec3) -> Vec3 {
        Vec3((m.rows[0] * v).sum(), (m.rows[1] * v).sum(), (m.rows[2] * v).sum())
    }

    public static func * (a: Mat3, b: Mat3) -> Mat3 {
        let bt = b.transposed
        return Mat3(rows: a.rows.map { r in Vec3((r * bt.rows[0]).sum(), (r * bt.rows[1]).sum(), (r * bt.rows[2]).sum()) })
    }

    public var determinant: Double {
        let a = rows[0], b = rows[1], c = rows[2]
        return a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x) + a.z * (b.x * c.y - b.y * c.x)
    }

    /// Rotation about x by `a` radians (right-handed).
    public static func rotationX(_ a: Double) -> Mat3 {
        let c = cos(a), s = sin(a)
        return Mat3(rows: [Vec3(1, 0, 0), Vec3(0, c, -s), Vec3(0, s, c)])
    }

    public static func rotationY(_ a: Double) -> Mat3 {
        let c = cos(a), s = sin(a)
        return Mat3(rows: [Vec3(c, 0, s), Vec3(0, 1, 0), Vec3(-s, 0, c)])
    }

    public static func rotationZ(_ a: Double) -> Mat3 {
        let c = cos(a), s = sin(a)
        return Mat3(rows: [Vec3(c, -s, 0), Vec3(s, c, 0), Vec3(0, 0, 1)])
    }
}

/// Eigen-decomposition of a symmetric 4×4 matrix by cyclic Jacobi rotations.
/// Returns eigenvalues and the matching eigenvectors (unit length), unsorted.
public func symmetricEigen4(_ input: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
    var a = input
    var v = (0..<4).map { i in (0..<4).map { j in i == j ? 1.0 : 0.0 } }
    for _ in 0..<64 {
        var off = 0.0
        for p in 0..<4 { for q in (p + 1)..<4 { off += a[p][q] * a[p][q] } }
        if off < 1e-24 { break }
        for p in 0..<4 {
            for q in (p + 1)..<4 where abs(a[p][q]) > 1e-300 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<4 {  // A ← A·J
                    let akp = a[k][p], akq = a[k][q]
                    a[k][p] = c * akp - s * akq
                    a[k][q] = s * akp + c * akq
                }
                for k in 0..<4 {  // A ← Jᵀ·A
                    let apk = a[p][k], aqk = a[q][k]
                    a[p][k] = c * apk - s * aqk
                    a[q][k] = s * apk + c * aqk
                }
                for k in 0..<4 {
                    let vkp = v[k][p], vkq = v[k][q]
                    v[k][p] = c * vkp - s * vkq
                    v[k][q] = s * vkp + c * vkq
                }
            }
        }
    }
    return ((0..<4).map { a[$0][$0] }, (0..<4).map { j in (0..<4).map { v[$0][j] } })
}

/// A similarity transform `target ≈ scale · rotation · source + translation`.
public struct SimilarityTransform: Sendable, Hashable {
    public var rotation: Mat3
    public var scale: Double
    public var translation: Vec3
    /// Root-mean-square residual of the fit, in target units.
    public var rmsError: Double

    public func apply(_ p: Vec3) -> Vec3 { scale * (rotation * p) + translation }
    /// The inverse map: target → source frame.
    public func inverse(_ q: Vec3) -> Vec3 { rotation.transposed * (q - translation) / scale }

    /// Least-squares similarity fit (Horn 1987, closed form with unit quaternions): the
    /// rotation is the eigenvector of the largest eigenvalue of Horn's 4×4 matrix N (solved by
    /// Jacobi iterations), the scale is Σ‖R·a‖·… as in Umeyama's least-squares scale
    /// (target residual minimised), the translation matches the centroids. Needs ≥ 3
    /// non-collinear points; `weights` default to 1.
    public static func fit(source: [Vec3], target: [Vec3], weights: [Double]? = nil) -> SimilarityTransform {
        precondition(source.count == target.count && source.count >= 3)
        let w = weights ?? Array(repeating: 1, count: source.count)
        let wsum = w.reduce(0, +)
        var cs = Vec3(repeating: 0), ct = Vec3(repeating: 0)
        for i in source.indices { cs += w[i] * source[i]; ct += w[i] * target[i] }
        cs /= wsum; ct /= wsum
        // Cross-covariance S[a][b] = Σ w · src_a · tgt_b.
        var s = [[Double]](repeating: [0, 0, 0], count: 3)
        var srcVar = 0.0
        for i in source.indices {
            let a = source[i] - cs, b = target[i] - ct
            for r in 0..<3 { for c in 0..<3 { s[r][c] += w[i] * a[r] * b[c] } }
            srcVar += w[i] * (a * a).sum()
        }
        let (sxx, sxy, sxz) = (s[0][0], s[0][1], s[0][2])
        let (syx, syy, syz) = (s[1][0], s[1][1], s[1][2])
        let (szx, szy, szz) = (s[2][0], s[2][1], s[2][2])
        let n: [[Double]] = [
            [sxx + syy + szz, syz - szy, szx - sxz, sxy - syx],
            [syz - szy, sxx - syy - szz, sxy + syx, szx + sxz],
            [szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy],
            [sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz],
        ]
        let (values, vectors) = symmetricEigen4(n)
        let best = values.indices.max { values[$0] < values[$1] }!
        let q = vectors[best]
        let (q0, qx, qy, qz) = (q[0], q[1], q[2], q[3])
        let rotation = Mat3(rows: [
            Vec3(q0 * q0 + qx * qx - qy * qy - qz * qz, 2 * (qx * qy - q0 * qz), 2 * (qx * qz + q0 * qy)),
            Vec3(2 * (qy * qx + q0 * qz), q0 * q0 - qx * qx + qy * qy - qz * qz, 2 * (qy * qz - q0 * qx)),
            Vec3(2 * (qz * qx - q0 * qy), 2 * (qz * qy + q0 * qx), q0 * q0 - qx * qx - qy * qy + qz * qz),
        ])
        // Umeyama's scale: trace(Rᵀ·Sᵀ…) = λ_max / Σ‖a‖².
        let scale = srcVar > 0 ? values[best] / srcVar : 1
        let translation = ct - scale * (rotation * cs)
        var err = 0.0
        for i in source.indices {
            let d = scale * (rotation * source[i]) + translation - target[i]
            err += w[i] * (d * d).sum()
        }
        return SimilarityTransform(
            rotation: rotation, scale: scale, translation: translation,
            rmsError: (err / wsum).squareRoot())
    }
}
