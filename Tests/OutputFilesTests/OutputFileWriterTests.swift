import Foundation
import Testing

@testable import OutputFiles

@Suite struct OutputFileWriterTests {
    @Test func nothingAppearsUntilCommit() throws {
        let folder = ScratchFolder()
        let target = folder.file("out.json")
        let writer = try OutputFileWriter(path: target, overwrite: false)
        try writer.write("{\"frames\": 0000}")
        try writer.patch(at: 11, with: "0042")
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(folder.names.count == 1 && folder.names[0].hasPrefix(".out.partial-"))
        try writer.commit()
        #expect(folder.read(target) == "{\"frames\": 0042}")
        #expect(folder.names == ["out.json"])
    }

    @Test func aWholeOutputInOneCall() throws {
        let folder = ScratchFolder()
        let target = folder.write("report.json", "old")
        #expect(throws: OutputError.exists(path: target)) {
            try OutputFileWriter.write(Array("new".utf8), to: target, overwrite: false)
        }
        try OutputFileWriter.write(Array("new".utf8), to: target, overwrite: true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect(folder.names == ["report.json"])
    }

    @Test func abandoningLeavesTheOldFile() throws {
        let folder = ScratchFolder()
        let target = folder.write("out.json", "old")
        do {
            let writer = try OutputFileWriter(path: target, overwrite: true)
            try writer.write(String(repeating: "x", count: 200_000))
            writer.abandon()
        }
        do {
            // Dropped without commit or abandon.
            let writer = try OutputFileWriter(path: target, overwrite: true)
            try writer.write("half")
        }
        #expect(folder.read(target) == "old")
        #expect(folder.names == ["out.json"])
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let folder = ScratchFolder()
        let target = folder.write("out.csv", "old")
        chmod(target, 0o640)
        let writer = try OutputFileWriter(path: target, overwrite: true)
        try writer.write("new")
        try writer.commit()
        var info = stat()
        stat(target, &info)
        #expect(info.st_mode & 0o777 == 0o640)
    }

    @Test func aLinkStaysAndItsTargetIsReplaced() throws {
        let folder = ScratchFolder()
        let real = folder.write("real.json", "old")
        let link = folder.file("link.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
        let writer = try OutputFileWriter(path: link, overwrite: true)
        try writer.write("new")
        try writer.commit()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.json")
        #expect(folder.read(real) == "new")
        #expect(folder.names == ["link.json", "real.json"])
    }

    @Test func aFIFOIsWrittenThroughAndStaysAFIFO() throws {
        let folder = ScratchFolder()
        let fifo = folder.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = String(repeating: "0123456789\n", count: 50_000)
        let received = Received()
        let reader = Thread {
            // A blocking open, as `cat` does (Foundation's file reading would see an empty file).
            received.text = String(decoding: FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            received.done.signal()
        }
        reader.start()
        let writer = try OutputFileWriter(path: fifo, overwrite: false)
        try writer.write(text)
        try writer.commit()
        #expect(received.done.wait(timeout: .now() + 30) == .success)
        #expect(received.text == text)
        var info = stat()
        lstat(fifo, &info)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        #expect(folder.names == ["pipe"])
    }

    @Test func devNullStaysADevice() throws {
        let writer = try OutputFileWriter(path: "/dev/null", overwrite: false)
        try writer.write("discarded")
        try writer.commit()
        var info = stat()
        lstat("/dev/null", &info)
        #expect(info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func anOutputMadeMeanwhileIsNotReplacedWithoutOverwrite() throws {
        let folder = ScratchFolder()
        let target = folder.file("out.json")
        let writer = try OutputFileWriter(path: target, overwrite: false)
        try writer.write("mine")
        folder.write("out.json", "theirs")
        #expect(throws: OutputError.exists(path: target)) { try writer.commit() }
        #expect(folder.read(target) == "theirs")
        #expect(folder.names == ["out.json"])
    }

    final class Received: @unchecked Sendable {
        var text = ""
        let done = DispatchSemaphore(value: 0)
    }
}
