extension RGBImage {
    /// The image with the colour of its fully transparent pixels replaced: the `rings` pixels
    /// nearest the visible part take the mean colour of their visible (or already replaced)
    /// neighbours, the rest take `fill`.
    ///
    /// A transparent pixel's stored colour is arbitrary (often black), and anything that filters
    /// straight (not premultiplied) colour, bilinear warps and resizing, pulls it into the edge
    /// of the visible part: a dark fringe around a cut-out. Continuing the edge colour outwards
    /// keeps filtered edges clean, and a flat `fill` beyond costs a video encoder nothing.
    public func bleedingColour(under alpha: GrayImage, rings: Int = 4, fill: RGB = .white) -> RGBImage {
        precondition(alpha.width == width && alpha.height == height, "alpha size differs")
        var out = self
        var known = alpha.pixels.map { $0 > 0 }
        let neighbours = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
        func isFrontier(_ x: Int, _ y: Int) -> Bool {
            !known[y * width + x]
                && neighbours.contains { dx, dy in
                    let (nx, ny) = (x + dx, y + dy)
                    return nx >= 0 && ny >= 0 && nx < width && ny < height && known[ny * width + nx]
                }
        }
        var frontier: [(Int, Int)] = []
        for y in 0..<height { for x in 0..<width where isFrontier(x, y) { frontier.append((x, y)) } }
        for _ in 0..<rings where !frontier.isEmpty {
            // Each ring reads only pixels known before it, so the result does not depend on
            // the order pixels are visited in.
            var colours: [RGB] = []
            colours.reserveCapacity(frontier.count)
            for (x, y) in frontier {
                var sum = (0, 0, 0), n = 0
                for (dx, dy) in neighbours {
                    let (nx, ny) = (x + dx, y + dy)
                    guard nx >= 0, ny >= 0, nx < width, ny < height, known[ny * width + nx] else { continue }
                    let c = out[nx, ny]
                    sum = (sum.0 + Int(c.r), sum.1 + Int(c.g), sum.2 + Int(c.b))
                    n += 1
                }
                colours.append(RGB(UInt8((sum.0 + n / 2) / n), UInt8((sum.1 + n / 2) / n), UInt8((sum.2 + n / 2) / n)))
            }
            for ((x, y), colour) in zip(frontier, colours) {
                out[x, y] = colour
                known[y * width + x] = true
            }
            var next: [(Int, Int)] = []
            var queued = Set<Int>()
            for (x, y) in frontier {
                for (dx, dy) in neighbours {
                    let (nx, ny) = (x + dx, y + dy)
                    guard nx >= 0, ny >= 0, nx < width, ny < height, !known[ny * width + nx],
                        queued.insert(ny * width + nx).inserted
                    else { continue }
                    next.append((nx, ny))
                }
            }
            frontier = next
        }
        for i in 0..<(width * height) where !known[i] {
            out.pixels[i * 3] = fill.r
            out.pixels[i * 3 + 1] = fill.g
            out.pixels[i * 3 + 2] = fill.b
        }
        return out
    }
}
