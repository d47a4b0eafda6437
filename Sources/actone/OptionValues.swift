import ActOne
import ArgumentParser

// Option values from a fixed set: the parser refuses anything else with the list of values, and
// `--help` and shell completion show the list. The sets themselves live with the code that uses
// them (ActOne, MediaIO); these conformances only teach the parser their names.

extension RenderPipeline.MouthChoice: ExpressibleByArgument {}
extension RenderPipeline.OutputCrop: ExpressibleByArgument {}
extension CharacterClipSettings.Pose: ExpressibleByArgument {}
extension CharacterClipSettings.Loop: ExpressibleByArgument {}
extension CharacterClipSettings.Length: ExpressibleByArgument {}
extension CharacterClipSettings.Audio: ExpressibleByArgument {}
extension TrackFormat: ExpressibleByArgument {}
extension LiveLinkAngleUnit: ExpressibleByArgument {}

/// An x264 speed preset (`--preset`), one of `VideoEncoderSettings.presets`.
struct EncoderPreset: ExpressibleByArgument, CustomStringConvertible {
    let name: String

    init?(argument: String) {
        guard VideoEncoderSettings.presets.contains(argument) else { return nil }
        name = argument
    }

    static let medium = EncoderPreset(argument: "medium")!
    static var allValueStrings: [String] { VideoEncoderSettings.presets }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var description: String { name }
    var defaultValueDescription: String { name }
}

/// The regions `--animate` lets move: a comma-separated list of `AnimatedRegion` names.
struct RegionList: ExpressibleByArgument, CustomStringConvertible {
    let regions: [AnimatedRegion]

    init(_ regions: [AnimatedRegion]) { self.regions = regions }

    init?(argument: String) {
        var regions: [AnimatedRegion] = []
        for name in argument.split(separator: ",", omittingEmptySubsequences: true) {
            guard let region = AnimatedRegion(rawValue: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            if !regions.contains(region) { regions.append(region) }
        }
        guard !regions.isEmpty else { return nil }
        self.regions = regions
    }

    static let all = RegionList(AnimatedRegion.allCases)
    static var allValueStrings: [String] { AnimatedRegion.allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var description: String { regions.map(\.rawValue).joined(separator: ",") }
    var defaultValueDescription: String { description }
}
