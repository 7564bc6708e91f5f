import PassageInput
import Testing

/// Seeded random mutations of valid samples: whatever the bytes, a reader must neither crash nor hang,
/// and every outcome must be a record or an `InputError` (which `drain` checks).
@Suite("Mutation fuzzing")
struct FuzzTests {
    static let seeds: [(InputFormat, String)] = [
        (.csv, "id,kind,name,notes\nsrc-1,network,\"Net, A\",\"said \"\"wait\"\"\nthen left\"\r\nsrc-2,family,,x\n"),
        (.tsv, "id\tsize\tlabel\nc1\t3\t\"two\tparts\"\nc2\t1\tplain\n"),
        (.json, "[{\"id\": \"a\", \"size\": 3, \"ok\": true, \"n\": null, \"s\": \"\\u00e9\\ud83d\\ude00\"},\n {\"id\": \"b\", \"x\": -1.5e3}]"),
        (.ndjson, "{\"id\": \"a\", \"size\": 3}\n{\"id\": \"b\", \"note\": \"\\\"q\\\"\"}\n\n{\"id\": \"c\", \"v\": false}\n"),
    ]
    /// Bytes that matter to the grammars, plus invalid UTF-8 and NUL.
    static let interesting: [UInt8] = Array(",\t\r\n\"\\{}[]:u0-e.".utf8) + [0, 0xFF, 0xC3, 0xED, 0xA0, 0xEF, 0xBB, 0xBF]

    @Test func mutatedInputsNeverCrash() {
        var generator = SeededGenerator(seed: 0x5EED_CAFE)
        var totalRecords = 0
        var totalErrors = 0
        for round in 0..<3_000 {
            let (format, seed) = Self.seeds[round % Self.seeds.count]
            var bytes = Array(seed.utf8)
            let mutations = Int.random(in: 1...6, using: &generator)
            for _ in 0..<mutations {
                mutate(&bytes, using: &generator)
            }
            let chunkSize = [1, 2, 3, 7, 64].randomElement(using: &generator) ?? 64
            let limits = InputLimits(maxFieldBytes: Int.random(in: 4...64, using: &generator), maxColumns: 8)
            let result = readBytes(bytes, as: format, limits: limits, chunkSize: chunkSize)
            // Chunk boundaries must never change the outcome.
            let whole = readBytes(bytes, as: format, limits: limits)
            #expect(result.outcomes == whole.outcomes, "\(format) chunk \(chunkSize): \(bytes)")
            #expect(result.openError == whole.openError)
            // Rows kept as bytes are the records `next()` gives.
            if !format.isJSON, whole.openError == nil {
                #expect(readRows(bytes, as: format, limits: limits, chunkSize: chunkSize) == whole.outcomes, "\(format) rows: \(bytes)")
            }
            totalRecords += result.records.count
            totalErrors += result.errors.count + (result.openError == nil ? 0 : 1)
            // A fatal error, if any, is the last outcome.
            if let fatal = result.outcomes.firstIndex(where: { if case .error(let error) = $0 { error.isFatal } else { false } }) {
                #expect(fatal == result.outcomes.count - 1, "\(format) \(bytes) -> \(result.outcomes)")
            }
            for error in result.errors { #expect(error.line >= 1) }
            #expect(result.sha256 == sha256Hex(bytes))
        }
        #expect(totalRecords > 0)
        #expect(totalErrors > 0)
    }

    private func mutate(_ bytes: inout [UInt8], using generator: inout SeededGenerator) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0 where !bytes.isEmpty:
            bytes.remove(at: position)
        case 1:
            bytes.insert(Self.interesting.randomElement(using: &generator) ?? 0, at: position)
        case 2 where !bytes.isEmpty:
            bytes[position] = UInt8.random(in: 0...255, using: &generator)
        case 3 where !bytes.isEmpty:
            bytes[position] = Self.interesting.randomElement(using: &generator) ?? 0
        case 4 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...20, using: &generator))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        case 5:
            bytes.removeSubrange(min(position, bytes.count)..<bytes.count)
        default:
            bytes.insert(Self.interesting.randomElement(using: &generator) ?? 0, at: position)
        }
    }
}
