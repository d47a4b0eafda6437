/// The file of each face's track with `--face all`: the face number goes before the format's
/// suffix, so `clip.track.json` becomes `clip.face1.track.json`, `clip.face2.track.json`, ...
/// (`-o takes.csv` gives `takes.face1.csv`; a name without an extension gets `.face1` added).
public enum FaceOutputName {
    public static func path(_ base: String, face: Int, format: TrackFormat) -> String {
        let tag = ".face\(face)"
        let slash = base.lastIndex(of: "/").map { base.index(after: $0) } ?? base.startIndex
        let name = base[slash...]
        if name.count > format.defaultSuffix.count, name.lowercased().hasSuffix(format.defaultSuffix) {
            return String(base.dropLast(format.defaultSuffix.count)) + tag + format.defaultSuffix
        }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return String(base[..<dot]) + tag + String(base[dot...])
        }
        return base + tag
    }
}
