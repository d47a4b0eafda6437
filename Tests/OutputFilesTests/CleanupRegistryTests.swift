import Foundation
import Testing

@testable import OutputFiles

@Suite struct CleanupRegistryTests {
    /// The failure this guards against: with `--jobs 2`, one job was opening its output while
    /// Ctrl-C's clean-up ran on another thread. The clean-up unlinked a name that did not exist yet,
    /// the open then created it, and the file outlived the process.
    @Test func aFileBeingCreatedWhenTheCleanUpStartsIsRemovedToo() throws {
        let folder = ScratchFolder()
        let path = folder.file(".out.partial-1-x.mp4")
        let registry = CleanupRegistry()
        let creating = DispatchSemaphore(value: 0)
        let created = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let descriptor: Int32 = registry.adding(path) {
                creating.signal()
                // Slow enough that an unserialised clean-up would run before the file exists.
                usleep(100_000)
                return open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
            }
            close(descriptor)
            created.signal()
        }
        creating.wait()
        registry.removeAllAndClose()
        #expect(created.wait(timeout: .now() + 10) == .success)
        #expect(!FileManager.default.fileExists(atPath: path), "the clean-up waited for the file and removed it")
    }

    @Test func aForgottenFileIsLeftAndARegisteredOneRemoved() throws {
        let folder = ScratchFolder()
        let kept = folder.write("kept.mp4", "done")
        let removed = folder.write(".x.partial-1-y.mp4", "half")
        let registry = CleanupRegistry()
        registry.add(kept)
        registry.add(removed)
        registry.remove(kept)
        registry.removeAllAndClose()
        #expect(folder.names == ["kept.mp4"])
    }
}
