import FaceGeometry
import Foundation
import Imaging
import Motion
import Testing

@testable import ActOne

/// A batch analyses each character once: concurrent asks share one analysis, failures are kept,
/// and the least recently used analyses make room when the budget is spent.
@Suite struct CharacterAnalysisCacheTests {
    /// An analysis of a `side`×`side` image (3 bytes a pixel), with a face of 478 spread points.
    static func analysis(side: Int) -> CharacterAnalysis {
        let points = (0..<478).map { (i: Int) -> LandmarkPoint in
            let x = 40 + (i * 37) % 100, y = 40 + (i * 53) % 120
            return LandmarkPoint(x: Float(x), y: Float(y), z: Float(i % 7))
        }
        return CharacterAnalysis(
            image: RGBImage(width: side, height: side), alpha: nil,
            face: CharacterFace(landmarks: points), method: "test")
    }

    struct NoFace: Error {}

    @Test func concurrentAsksForOneCharacterShareOneAnalysis() throws {
        let cache = CharacterAnalysisCache()
        let calls = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let result = try? cache.analysis(path: "a.png", keepAlpha: false) {
                calls.increment()
                usleep(20_000)  // long enough for the other asks to arrive meanwhile
                return Self.analysis(side: 8)
            }
            #expect(result?.image.width == 8)
        }
        #expect(calls.value == 1)
        #expect(cache.analysesMade == 1)
        // A different key is a different analysis.
        _ = try cache.analysis(path: "a.png", keepAlpha: true) { Self.analysis(side: 8) }
        #expect(cache.analysesMade == 2)
    }

    @Test func aFailureIsKeptAndThrownAgain() {
        let cache = CharacterAnalysisCache()
        for _ in 0..<3 {
            #expect(throws: NoFace.self) { _ = try cache.analysis(path: "dog.png", keepAlpha: false) { throw NoFace() } }
        }
        #expect(cache.analysesMade == 1)
    }

    @Test func theLeastRecentlyUsedMakeRoom() throws {
        // Each analysis is 10×10×3 = 300 bytes; the budget holds two.
        let cache = CharacterAnalysisCache(byteBudget: 600)
        for path in ["a", "b"] { _ = try cache.analysis(path: path, keepAlpha: false) { Self.analysis(side: 10) } }
        _ = try cache.analysis(path: "a", keepAlpha: false) { Self.analysis(side: 10) }  // a is now newer than b
        _ = try cache.analysis(path: "c", keepAlpha: false) { Self.analysis(side: 10) }  // b goes
        #expect(cache.analysesMade == 3)
        _ = try cache.analysis(path: "a", keepAlpha: false) { Self.analysis(side: 10) }
        #expect(cache.analysesMade == 3, "a was kept")
        _ = try cache.analysis(path: "b", keepAlpha: false) { Self.analysis(side: 10) }
        #expect(cache.analysesMade == 4, "b was dropped and is made again")
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
