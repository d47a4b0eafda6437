import Testing

@testable import Imaging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct ImageMetricsTests {
    @Test func identicalImages() {
        let image = patternedImage(width: 20, height: 15)
        #expect(ImageMetrics.psnr(image, image) == .infinity)
        #expect(ImageMetrics.meanSquaredError(image, image) == 0)
        #expect(ImageMetrics.meanAbsoluteDifference(image, image) == 0)
        #expect(ImageMetrics.ssim(image, image) == 1)
        #expect(ImageMetrics.psnr(RGBImage(width: 0, height: 0), RGBImage(width: 0, height: 0)) == .infinity)
    }

    @Test func psnrOfAKnownPerturbationMatchesTheFormula() {
        let image = filledImage(width: 10, height: 10, RGB(100, 100, 100))
        var changed = image
        // Raise the green channel of 10 pixels by 20: 10 of the 300 bytes differ by 20.
        for x in 0..<10 { changed[x, 4] = RGB(100, 120, 100) }
        let mse = 10.0 * 20 * 20 / 300
        #expect(abs(ImageMetrics.meanSquaredError(image, changed) - mse) < 1e-12)
        let expected = 10 * log10(255.0 * 255.0 / mse)
        #expect(abs(ImageMetrics.psnr(image, changed) - expected) < 1e-9)
        #expect(abs(ImageMetrics.psnr(changed, image) - expected) < 1e-9)
        #expect(abs(ImageMetrics.meanAbsoluteDifference(image, changed) - 10.0 * 20 / 300) < 1e-12)
    }

    @Test func channelMeans() {
        var image = filledImage(width: 2, height: 2, RGB(10, 20, 30))
        image[1, 1] = RGB(50, 20, 0)
        #expect(ImageMetrics.channelMeans(image) == ChannelMeans(r: 20, g: 20, b: 22.5))
    }

    @Test func ssimRanksDistortions() {
        let image = patternedImage(width: 48, height: 40).resized(width: 48, height: 40)
        // A smooth gradient scene with detail, so blur and noise have structure to destroy.
        var scene = RGBImage(width: 48, height: 40)
        for y in 0..<40 {
            for x in 0..<48 {
                let v = UInt8((x * 5 + y * 3) % 256)
                scene[x, y] = RGB(v, UInt8((x * y) % 256), image[x, y].b / 4)
            }
        }
        var slightlyNoisy = scene, veryNoisy = scene
        let noise = patternedImage(width: 48, height: 40, seed: 99)
        for i in 0..<scene.pixels.count {
            let n = Int(noise.pixels[i]) - 128
            slightlyNoisy.pixels[i] = UInt8(clamping: Int(scene.pixels[i]) + n / 16)
            veryNoisy.pixels[i] = UInt8(clamping: Int(scene.pixels[i]) + n)
        }
        let slight = ImageMetrics.ssim(scene, slightlyNoisy), heavy = ImageMetrics.ssim(scene, veryNoisy)
        #expect(slight < 1 && slight > 0.8)
        #expect(heavy < slight)
        // A uniform brightness shift barely changes structure, unlike noise of similar PSNR.
        var brighter = scene
        for i in 0..<brighter.pixels.count { brighter.pixels[i] = UInt8(clamping: Int(brighter.pixels[i]) + 4) }
        #expect(ImageMetrics.ssim(scene, brighter) > slight)
        #expect(ImageMetrics.ssim(scene, brighter) == ImageMetrics.ssim(brighter, scene))
    }

    @Test func ssimOnImagesSmallerThanTheWindow() {
        let a = patternedImage(width: 6, height: 4)
        #expect(ImageMetrics.ssim(a, a) == 1)
        let s = ImageMetrics.ssim(a, patternedImage(width: 6, height: 4, seed: 5))
        #expect(s < 0.5 && s.isFinite)
    }

    @Test func gaussianKernelIsNormalisedAndSymmetric() {
        let k = ImageMetrics.gaussianKernel(size: 11, sigma: 1.5)
        #expect(abs(k.reduce(0, +) - 1) < 1e-6)
        #expect(k[0] == k[10] && k[5] > k[4])
    }
}
