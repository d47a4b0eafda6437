import Motion

/// The render settings that change an output's pixels or sound, as one line of text: stored with
/// each finished output, so a re-run with other settings makes it again. (Where the models are
/// found is left out; which models they are is part of the track cache's key.)
public enum RenderFingerprint {
    public static func of(_ settings: RenderPipeline.Settings) -> String {
        let retarget = settings.retarget
        let regions = retarget.regions.map(\.rawValue).sorted().joined(separator: ",")
        let smoothing = settings.smoothing.map { "\($0.minCutoff),\($0.beta),\($0.derivativeCutoff)" } ?? "off"
        let reference = settings.reference.map(String.init) ?? "auto"
        return "actone \(ActOneVersion.string); expression \(retarget.expressionScale); pose \(retarget.poseScale); "
            + "animate \(regions); reference \(reference); mouth \(settings.mouth.rawValue); crop \(settings.crop.rawValue)\(settings.faceSize.map { " \($0)" } ?? ""); "
            + "compare \(settings.compare); smoothing \(smoothing); crf \(settings.encoder.crf); preset \(settings.encoder.preset); "
            + "rotation \(settings.encoder.rotation); detail \(settings.detail)" + clipPart(settings.clip)
    }

    /// How character clips play, named only when not the defaults, so manifests written before
    /// character clips existed still match.
    static func clipPart(_ clip: CharacterClipSettings) -> String {
        let defaults = CharacterClipSettings()
        guard clip.pose != defaults.pose || clip.loop != defaults.loop || clip.length != defaults.length || clip.audio != defaults.audio
        else { return "" }
        return "; clip pose \(clip.pose.rawValue) loop \(clip.loop.rawValue) length \(clip.length.rawValue) audio \(clip.audio.rawValue)"
    }
}
