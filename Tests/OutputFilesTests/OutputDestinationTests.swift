import Foundation
import Testing

@testable import OutputFiles

@Suite struct OutputDestinationTests {
    @Test func aNewFileInAFolderIsAFile() throws {
        let folder = ScratchFolder()
        #expect(try OutputDestination.resolve(folder.file("new.json"), overwrite: false) == .file(path: folder.file("new.json")))
    }

    @Test func anExistingFileNeedsOverwrite() throws {
        let folder = ScratchFolder()
        let path = folder.write("old.json", "{}")
        #expect(throws: OutputError.exists(path: path)) { try OutputDestination.resolve(path, overwrite: false) }
        #expect(try OutputDestination.resolve(path, overwrite: true) == .file(path: path))
    }

    @Test func foldersAndMissingFoldersAreRefused() {
        let folder = ScratchFolder()
        #expect(throws: OutputError.isDirectory(path: folder.path)) { try OutputDestination.resolve(folder.path, overwrite: true) }
        let nowhere = folder.file("missing/out.json")
        #expect(throws: OutputError.folderMissing(path: nowhere)) { try OutputDestination.resolve(nowhere, overwrite: true) }
    }

    @Test func aSymbolicLinkLeadsToItsTarget() throws {
        let folder = ScratchFolder()
        let real = folder.write("real.json", "old")
        let link = folder.file("link.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
        #expect(try OutputDestination.resolve(link, overwrite: true) == .file(path: real))
        // A dangling link: the file is created where it points.
        let dangling = folder.file("dangling.json")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: folder.file("later.json"))
        #expect(try OutputDestination.resolve(dangling, overwrite: false) == .file(path: folder.file("later.json")))
    }

    @Test func fifosAndCharacterDevicesAreStreams() throws {
        let folder = ScratchFolder()
        let fifo = folder.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(try OutputDestination.resolve(fifo, overwrite: false) == .stream(path: fifo))
        #expect(try OutputDestination.resolve("/dev/null", overwrite: false) == .stream(path: "/dev/null"))
    }

    @Test func standardOutputOnlyWhereOffered() throws {
        #expect(throws: OutputError.standardOutputNotAllowed(what: "this output")) {
            try OutputDestination.resolve("-", overwrite: false)
        }
        #expect(try OutputDestination.resolve("-", overwrite: false, standardOutput: "a track") == .standardOutput)
    }

    @Test func anInputIsNeverAnOutput() throws {
        let folder = ScratchFolder()
        let clip = folder.write("clip.mp4", "video")
        #expect(throws: OutputError.isAnInput(path: clip, input: clip)) {
            try OutputDestination.resolve(clip, overwrite: true, inputs: [clip])
        }
        // The same file under another name: a link, a hard link, a path with "./" in it.
        let alias = folder.file("alias.mp4")
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: clip)
        let hard = folder.file("hard.mp4")
        #expect(Glibc.link(clip, hard) == 0)
        for other in [alias, hard, folder.path + "/./clip.mp4"] {
            #expect(throws: OutputError.isAnInput(path: other, input: clip)) {
                try OutputDestination.resolve(other, overwrite: true, inputs: [clip])
            }
        }
        // A different file, and an input that does not exist, are fine.
        #expect(
            try OutputDestination.resolve(folder.file("out.mp4"), overwrite: true, inputs: [clip, folder.file("none")])
                == .file(path: folder.file("out.mp4")))
    }

    @Test func messagesAreOneLineNamingThePath() {
        let errors: [OutputError] = [
            .exists(path: "a"), .isDirectory(path: "a"), .folderMissing(path: "a"),
            .folderNotWritable(path: "a"), .isAnInput(path: "a", input: "b"),
            .standardOutputNotAllowed(what: "a video"), .unsupportedFileKind(path: "a", kind: "socket"),
            .writeFailed(path: "a", reason: "No space left on device"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("a:") || error.description.hasPrefix("-:"))
        }
    }
}
