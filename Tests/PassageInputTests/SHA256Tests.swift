import Foundation
import PassageInput
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test func knownVectors() {
        #expect(sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(sha256Hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = sha256Hex(message)
        for split in [1, 3, 55, 56, 63, 64, 65, 127, 128, 500] {
            var hasher = SHA256()
            var offset = 0
            while offset < message.count {
                let end = min(offset + split, message.count)
                hasher.update(Array(message[offset..<end]))
                offset = end
            }
            #expect(SHA256.hex(hasher.finalize()) == whole, "split \(split)")
        }
    }

    @Test func paddingBoundaryLengths() {
        // Lengths around the 55/56/64-byte padding edges, against the known digest of 64 'a's and others
        // computed with sha256sum.
        #expect(sha256Hex(Array(repeating: 0x61, count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(sha256Hex(Array(repeating: 0x61, count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(sha256Hex(Array(repeating: 0x61, count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func byteSourceDigestMatchesSha256sum() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.csv")
        var generator = SeededGenerator(seed: 42)
        let bytes = (0..<300_001).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: file)

        let source = try ByteSource(path: file.path)
        var reports: [Int] = []
        source.progress = { reports.append($0) }
        try source.readToEnd()
        #expect(source.bytesRead == bytes.count)
        #expect(reports.last == bytes.count)
        #expect(reports.count == (bytes.count + ByteSource.defaultChunkSize - 1) / ByteSource.defaultChunkSize)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let expected = String(output.prefix(64))
        #expect(expected.count == 64)
        #expect(source.sha256Hex() == expected)
        #expect(sha256Hex(bytes) == expected)
    }

    @Test func readerDigestCoversTheWholeFile() throws {
        let text = "id,name\n1,a\n2,b\n"
        let result = try readFile(text, as: .csv)
        #expect(result.sha256 == sha256Hex(Array(text.utf8)))
        #expect(result.bytesRead == text.utf8.count)
    }
}
