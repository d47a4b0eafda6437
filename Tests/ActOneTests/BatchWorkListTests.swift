import Foundation
import Testing

@testable import ActOne

@Suite("Batch work list")
struct BatchWorkListTests {
    @Test("outputs are named as `actone render` names them: <clip>_<character>.mp4")
    func outputNames() {
        #expect(RenderOutputName.fileName(driving: "clips/take 1.mp4", character: "/art/Hero.PNG") == "take 1_Hero.mp4")
        #expect(RenderOutputName.fileName(driving: "drive.track.json", character: "a.b.jpg") == "drive_a.b.mp4")
    }

    @Test("clips: extension filter (any case), hidden names and the output folder passed over, sorted, --recursive")
    func clipListing() throws {
        let root = try TemporaryDirectory()
        for name in ["b.mp4", "a.MOV", "notes.txt", ".hidden.mp4", "sub/c.mp4", "sub/deeper/d.mp4", "out/e_x.mp4", ".cache/f.mp4"] {
            try root.write([0], to: "clips/" + name)
        }
        let folder = root.path + "/clips"
        let flat = try ClipListing(folder: folder, recursive: false, extensions: ["mp4", "mov"])
        #expect(flat.clips.map(\.relativePath) == ["a.MOV", "b.mp4"])
        let deep = try ClipListing(folder: folder, recursive: true, extensions: ["mp4"], excluding: folder + "/out")
        #expect(deep.clips.map(\.relativePath) == ["b.mp4", "sub/c.mp4", "sub/deeper/d.mp4"])
        #expect(deep.clips.map(\.path) == [folder + "/b.mp4", folder + "/sub/c.mp4", folder + "/sub/deeper/d.mp4"])
        #expect(throws: BatchError.noClips(folder: folder, extensions: ["webm"])) {
            try ClipListing(folder: folder, recursive: true, extensions: ["webm"])
        }
        #expect(throws: BatchError.outputIsClipFolder(path: folder)) {
            try ClipListing(folder: folder, recursive: false, extensions: ["mp4"], excluding: folder + "/sub/..")
        }
        #expect(throws: BatchError.notAFolder(path: folder + "/b.mp4")) {
            try ClipListing(folder: folder + "/b.mp4", recursive: false, extensions: ["mp4"])
        }
    }

    @Test("characters: files as given, folders as their images sorted, each once; a missing one is an error")
    func characterListing() throws {
        let root = try TemporaryDirectory()
        for name in ["b.png", "a.jpg", "readme.md", ".x.png"] { try root.write([0], to: "cast/" + name) }
        let hero = try root.write([0], to: "hero.webp")
        let cast = root.path + "/cast"
        #expect(try CharacterListing.characters(from: [hero, cast, cast + "/a.jpg"]) == [hero, cast + "/a.jpg", cast + "/b.png"])
        #expect(throws: BatchError.missingCharacter(path: root.path + "/nobody.png")) {
            try CharacterListing.characters(from: [root.path + "/nobody.png"])
        }
        try root.makeDirectory("empty")
        #expect(throws: BatchError.noCharacters(folder: root.path + "/empty")) {
            try CharacterListing.characters(from: [root.path + "/empty"])
        }
    }

    @Test("clip by clip, characters in order; outputs keep the clip's subfolder")
    func pairs() throws {
        let clips = [
            ClipListing.Clip(path: "c/a.mp4", relativePath: "a.mp4"),
            ClipListing.Clip(path: "c/day2/b.mov", relativePath: "day2/b.mov"),
        ]
        let list = try BatchWorkList(clips: clips, characters: ["x.png", "art/y.jpg"])
        #expect(list.items.map(\.output) == ["a_x.mp4", "a_y.mp4", "day2/b_x.mp4", "day2/b_y.mp4"])
        #expect(list.items.map(\.number) == [0, 1, 2, 3])
    }

    @Test("two pairs that would write the same file are refused before any work")
    func clashes() {
        let sameStem = [ClipListing.Clip(path: "a.mp4", relativePath: "a.mp4"), ClipListing.Clip(path: "a.mov", relativePath: "a.mov")]
        #expect(throws: BatchError.self) { try BatchWorkList(clips: sameStem, characters: ["x.png"]) }
        let underscores = [
            ClipListing.Clip(path: "a.mp4", relativePath: "a.mp4"), ClipListing.Clip(path: "a_b.mp4", relativePath: "a_b.mp4"),
        ]
        #expect(throws: BatchError.self) { try BatchWorkList(clips: underscores, characters: ["b_c.png", "c.png"]) }
    }
}
