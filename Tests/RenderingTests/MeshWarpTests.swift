import Imaging
import Rendering
import Testing

@Suite struct MeshWarpTests {
    /// A textured test image: smooth gradients plus a checker, so shifts and seams show.
    func texture(_ w: Int, _ h: Int) -> RGBImage {
        var image = RGBImage(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                let checker: UInt8 = ((x / 4 + y / 4) % 2 == 0) ? 40 : 0
                image[x, y] = RGB(UInt8(x * 200 / w) + checker, UInt8(y * 200 / h) + checker, UInt8((x + y) % 256))
            }
        }
        return image
    }

    /// Grid points over the whole image (its outer pixel edges, −0.5 and size − 0.5, so every
    /// pixel centre is inside) plus a few inside, triangulated.
    func mesh(_ w: Int, _ h: Int) -> ([Point2], [IndexTriangle]) {
        var points: [Point2] = []
        for j in 0...4 {
            for i in 0...4 { points.append(Point2(Float(i * w) / 4 - 0.5, Float(j * h) / 4 - 0.5)) }
        }
        points += [Point2(20, 16), Point2(38, 28), Point2(24, 31)]
        return (points, DelaunayTriangulation.triangles(points))
    }

    @Test func identityWarpReproducesTheImageExactly() {
        let source = texture(65, 49)
        let (points, triangles) = mesh(65, 49)
        var out = RGBImage(width: 65, height: 49)
        let drawn = MeshWarp.draw(source: source, sourcePoints: points, targetPoints: points, triangles: triangles, into: &out)
        #expect(drawn == triangles.count)
        #expect(out == source)
    }

    @Test func verticesFarOutsideThePictureDrawNothingAndDoNotTrap() {
        let source = texture(65, 49)
        let (points, triangles) = mesh(65, 49)
        for far: Float in [1e25, -1e25, .infinity, .nan, 3e9] {
            var moved = points
            moved[moved.count - 1] = Point2(far, far)
            var out = RGBImage(width: 65, height: 49)
            MeshWarp.draw(source: source, sourcePoints: points, targetPoints: moved, triangles: triangles, into: &out)
            #expect(out.width == 65)
        }
        #expect(CoverageMask(polygon: [Point2(0, 0), Point2(1e25, 0), Point2(0, 1e25)], width: 65, height: 49).rect.width == 65)
        #expect(
            CoverageMask(polygon: [Point2(-1e25, -1e25), Point2(-1e24, -1e25), Point2(-1e25, -1e24)], width: 65, height: 49).rect.width == 0
        )
    }

    @Test func sharedEdgesLeaveNoGapsOrOverlaps() {
        // Coverage count per pixel: draw a white image additively by counting writes.
        let (points, triangles) = mesh(65, 49)
        var moved = points
        for i in moved.indices where moved[i].x > 0 && moved[i].x < 64 && moved[i].y > 0 && moved[i].y < 48 {
            moved[i] += Point2(Float(i % 3) * 0.37, Float(i % 5) * 0.29)
        }
        var counts = [Int](repeating: 0, count: 65 * 49)
        let white = RGBImage(width: 65, height: 49, pixels: [UInt8](repeating: 255, count: 65 * 49 * 3))
        for t in triangles {
            var canvas = RGBImage(width: 65, height: 49)
            MeshWarp.draw(source: white, sourcePoints: points, targetPoints: moved, triangles: [t], into: &canvas)
            for p in 0..<(65 * 49) where canvas.pixels[p * 3] == 255 { counts[p] += 1 }
        }
        #expect(counts.allSatisfy { $0 == 1 })
    }

    @Test func translatedInteriorMovesThePixelsThere() {
        // Three interior points moved right by 3 px: a pixel inside their triangle now shows what
        // was 3 px to its left.
        let source = texture(65, 49)
        let (points, triangles) = mesh(65, 49)
        var moved = points
        let n = points.count
        for i in (n - 3)..<n { moved[i] += Point2(3, 0) }
        var out = source
        MeshWarp.draw(source: source, sourcePoints: points, targetPoints: moved, triangles: triangles, into: &out, skipUnmoved: true)
        // At each moved vertex (whole pixels) the warp shows exactly what was 3 px to the left.
        for i in (n - 3)..<n {
            let x = Int(moved[i].x), y = Int(moved[i].y)
            #expect(out[x, y] == source[x - 3, y])
        }
        // Far away (a border corner) nothing changed.
        #expect(out[0, 0] == source[0, 0] && out[64, 48] == source[64, 48])
    }

    @Test func flippedTrianglesAreCulledOnlyWhenAsked() {
        let source = texture(20, 20)
        let points = [Point2(0, 0), Point2(19, 0), Point2(0, 19)]
        let mirrored = [Point2(19, 0), Point2(0, 0), Point2(19, 19)]  // reflected: orientation flips
        var out = RGBImage(width: 20, height: 20)
        let drawn = MeshWarp.draw(
            source: source, sourcePoints: points, targetPoints: mirrored,
            triangles: [IndexTriangle(0, 1, 2)], into: &out, cullFlipped: true)
        #expect(drawn == 0)
        #expect(out.pixels.allSatisfy { $0 == 0 })
        // Not culled, the mirrored triangle is drawn, mirrored.
        #expect(
            MeshWarp.draw(
                source: source, sourcePoints: points, targetPoints: mirrored,
                triangles: [IndexTriangle(0, 1, 2)], into: &out) == 1)
        #expect(out[18, 1] == source[1, 1])
    }

    @Test func affineFromThreePointsRoundTrips() throws {
        let from = (Point2(1, 2), Point2(10, 3), Point2(4, 12))
        let map = Affine2D.rotation(0.3).then(.scale(1.7)).then(.translation(5, -2))
        let to = (map.apply(from.0), map.apply(from.1), map.apply(from.2))
        let solved = try #require(Affine2D(mapping: from, to: to))
        let p = Point2(7, 7)
        #expect(solved.apply(p).distance(to: map.apply(p)) < 1e-4)
        #expect(Affine2D(mapping: (Point2(0, 0), Point2(1, 1), Point2(2, 2)), to: to) == nil)
    }
}
