import ActOne
import ArgumentParser
import Foundation

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models (face models and the person matte's), where each was found, and whether its checksum verifies.",
        discussion: """
            The models come from the mediapipe==0.10.14 wheel; Scripts/setup installs them. They are \
            looked for in --models DIR, then $ACTONE_MODELS, then models/ beside the actone checkout, \
            ~/.local/share/actone/models, /usr/local/share/actone/models and /usr/share/actone/models.

            Examples:
              actone models
              actone models --verify --models ~/actone-models
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp("Look for the models in this folder first.", valueName: "dir"),
        completion: .directory)
    var models: String?

    @Flag(help: "Exit with an error unless every model is present and verifies.")
    var verify = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        global.apply()
        try reportingFailure {
            let locator = try ModelLocator(explicitDirectory: models)
            let report = locator.report()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.table())
            }
            if verify && !report.allVerified {
                let bad = report.models.filter { !$0.status.isUsable }.map(\.model.fileName)
                throw ModelsNotVerified(files: bad)
            }
        }
    }
}

struct ModelsNotVerified: Error, CustomStringConvertible {
    var files: [String]
    var description: String {
        "not verified: \(files.joined(separator: ", ")); \(ModelError.installHint)"
    }
}
