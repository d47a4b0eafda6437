import Foundation
import Testing

@testable import OutputFiles

@Suite struct TemporaryNameTests {
    @Test func keepsTheExtensionAndCarriesTheProcessID() {
        let name = TemporaryName.make(for: "drive.track.json", processID: 4242)
        #expect(name.hasPrefix(".drive.track.partial-4242-"))
        #expect(name.hasSuffix(".json"))
        #expect(TemporaryName.processID(in: name) == 4242)
    }

    @Test func aNameNearTheLimitStillFits() {
        for length in [200, 244, 250, 255] {
            let target = String(repeating: "é", count: (length - 4) / 2) + ".mp4"
            let name = TemporaryName.make(for: target)
            #expect(name.utf8.count <= 255, "\(length)")
            #expect(name.hasSuffix(".mp4"))
            #expect(TemporaryName.processID(in: name) == getpid())
        }
    }

    @Test func otherNamesHaveNoProcessID() {
        for name in ["drive.mp4", ".hidden", ".a.partial-.mp4", ".a.partial-12x", "a.partial-12-x.mp4"] {
            #expect(TemporaryName.processID(in: name) == nil, "\(name)")
        }
    }

    @Test func aLiveWriterHasNotEnded() {
        #expect(!TemporaryName.writerHasEnded(TemporaryName.make(for: "x.json")))
        #expect(!TemporaryName.writerHasEnded("plain.json"))
    }
}
