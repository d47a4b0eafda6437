/// `actone inspect VIDEO`'s list of the faces found, as a person reads it: number, box on the
/// first frame where each appears, and how many frames it was followed in; the face the summary
/// describes is marked.
public enum FaceListReport {
    public static func text(_ faces: [FoundFace], summarised: Int?, frames: Int) -> String {
        guard !faces.isEmpty else { return "faces: none found" }
        var out = "faces: \(faces.count) (numbered left to right where each first appears; --face N picks one)\n"
        var table = TextTable(header: ["face", "first frame", "box x,y,w,h", "frames followed"])
        for face in faces {
            let share = frames > 0 ? " (\(TrackSummaryReport.fixed(100 * Double(face.frames) / Double(frames), 1)) %)" : ""
            let note = face.number == summarised ? "  summarised below" : ""
            table.add(["\(face.number)", "\(face.firstFrame)", face.box.description, "\(face.frames)\(share)\(note)"])
        }
        out += table.render(indent: "  ")
        return out
    }
}
