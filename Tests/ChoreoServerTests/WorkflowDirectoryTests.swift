import ChoreoServer
import Foundation
import Testing

/// An editor's lock file beside the workflows (a dangling symlink named `.#…yaml`) is not
/// a workflow: the directory still loads.
@Test func hiddenFilesInTheWorkflowsDirectoryArePassedOver() throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("choreo-workflows-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let seed = try String(contentsOfFile: seedWorkflowPath, encoding: .utf8)
    try seed.write(toFile: directory + "/ai-model-update.yaml", atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
        atPath: directory + "/.#ai-model-update.yaml", withDestinationPath: "user@host.1234")

    let loading = WorkflowDirectory.load(path: directory)

    #expect(loading.diagnostics.isEmpty)
    #expect(loading.workflows.map(\.definition.name) == ["ai-model-update"])
}
