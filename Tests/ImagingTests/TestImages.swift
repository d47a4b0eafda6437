// Small image builders shared by the Imaging tests.

@testable import Imaging

/// An image whose every byte differs from its neighbours, so any misplaced pixel is visible.
/// Deterministic (a linear congruential sequence), so failures reproduce.
func patternedImage(width: Int, height: Int, seed: UInt32 = 1) -> RGBImage {
    var state = seed
    var bytes = [UInt8]()
    bytes.reserveCapacity(width * height * 3)
    for _ in 0..<(width * height * 3) {
        state = state &* 1_664_525 &+ 1_013_904_223
        bytes.append(UInt8(truncatingIfNeeded: state >> 24))
    }
    return RGBImage(width: width, height: height, pixels: bytes)
}

func patternedGray(width: Int, height: Int, seed: UInt32 = 7) -> GrayImage {
    let rgb = patternedImage(width: width, height: height, seed: seed)
    return GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { rgb.pixels[$0 * 3] })
}

func filledImage(width: Int, height: Int, _ color: RGB) -> RGBImage {
    var image = RGBImage(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width { image[x, y] = color }
    }
    return image
}

/// Coordinates of pixels that differ between two same-size images.
func changedPixels(_ before: RGBImage, _ after: RGBImage) -> [(x: Int, y: Int)] {
    var changed: [(x: Int, y: Int)] = []
    for y in 0..<before.height {
        for x in 0..<before.width where before[x, y] != after[x, y] {
            changed.append((x, y))
        }
    }
    return changed
}
