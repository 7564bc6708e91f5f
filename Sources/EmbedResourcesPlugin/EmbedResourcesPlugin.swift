import Foundation
import PackagePlugin

/// Embeds text files into the target as Swift string literals, so that the
/// installed binary carries its schema, reports and demo sample and runs
/// from any directory.
///
/// - `Passage` embeds the package's `Schema/` folder (migrations, reports).
/// - `PassageCLI` embeds its own `Sample/` folder (the demo data).
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let root: URL
        switch target.name {
        case "Passage": root = context.package.directoryURL.appending(path: "Schema")
        case "PassageCLI": root = module.directoryURL.appending(path: "Sample")
        default: return []
        }
        let files = embeddableFiles(under: root)
        // The folders are inputs too: a file added to one changes the
        // folder, so the command runs again and the tool (which lists ROOT
        // itself) embeds the new file without a clean build.
        let folders = [root] + Set(files.map { $0.deletingLastPathComponent() }).sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files from \(root.lastPathComponent)",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [output.path(percentEncoded: false), root.path(percentEncoded: false)],
                inputFiles: folders + files,
                outputFiles: [output]
            )
        ]
    }

    private func embeddableFiles(under root: URL) -> [URL] {
        let wanted: Set<String> = ["sql", "csv", "tsv", "json", "ndjson", "jsonl"]
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where wanted.contains(url.pathExtension) {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
