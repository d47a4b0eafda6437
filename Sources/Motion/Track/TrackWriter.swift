/// What every track file writer does once it is open: take frames in order, then either finish
/// (the file appears at its path, atomically, through `OutputFileWriter`) or abandon (nothing is
/// left behind). How each is opened differs (the JSON writer also needs `begin(metadata)` for
/// its header; the CSV and BVH writers take their settings when created), so opening is not
/// part of it.
public protocol TrackWriter: AnyObject {
    /// The file being written.
    var path: String { get }
    func append(_ frame: FrameMotion) throws
    /// Completes the file and moves it into place.
    func finish() throws
    /// Stops and removes what was written; the target is left as it was.
    func abandon()
}

extension PoseTrackJSONWriter: TrackWriter {}
extension PoseTrackCSVWriter: TrackWriter {}
extension LiveLinkCSVWriter: TrackWriter {}
extension BVHWriter: TrackWriter {}
