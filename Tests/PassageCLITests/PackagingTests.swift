import Foundation
import Passage
import Testing

/// What `Scripts/package` takes from the built binary: its version and the
/// shells' completion scripts.
@Suite struct PackagingTests {
    let folder = TemporaryDirectory()

    @Test func versionPrintsTheOneVersion() throws {
        let result = try PassageProcess.run(["--version"], in: folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == PassageVersion.current + "\n")
    }

    /// The package's version is this string as it is: MAJOR.MINOR.PATCH, no hyphen
    /// (a hyphen would make Debian read a packaging revision into it).
    @Test func theVersionIsAPlainReleaseNumber() {
        let parts = PassageVersion.current.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesEveryCommand(shell: String) throws {
        let help = try PassageProcess.run(["--help"], in: folder.path)
        let commands = subcommands(inHelp: help.standardOutput)
        #expect(commands.contains("demo") && commands.contains("load"), "\(help.standardOutput)")
        let script = try PassageProcess.run(["--generate-completion-script", shell], in: folder.path)
        #expect(script.status == 0, "\(script.standardError)")
        for command in commands {
            // bash and zsh complete a command in a function of its own; fish lists it as a choice.
            let marker = shell == "fish" ? "-fa '\(command)'" : "_passage_\(command)()"
            #expect(script.standardOutput.contains(marker), "\(shell) completion lacks \(command)")
        }
    }

    /// The names listed under SUBCOMMANDS: in `passage --help` (a name is
    /// indented by two spaces, a wrapped description by more; a blank line ends the list).
    private func subcommands(inHelp help: String) -> [String] {
        guard let section = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }
}
