internal import CLibPQ

/// Writes rows of a `COPY … FROM STDIN` in PostgreSQL's text format: fields
/// separated by tabs, rows by newlines, `\N` for NULL, and a backslash
/// before each backslash, tab, newline and carriage return in a value.
/// Rows go to the server in chunks of about 1 MiB.
public final class CopyWriter {
    unowned let connection: PostgresConnection
    let handle: OpaquePointer
    let sql: String
    private var buffer: [UInt8] = []
    private var startsRow = true
    private static let chunk = 1 << 20

    init(connection: PostgresConnection, handle: OpaquePointer, sql: String) {
        self.connection = connection
        self.handle = handle
        self.sql = sql
        buffer.reserveCapacity(CopyWriter.chunk + 4096)
    }

    private func separate() {
        if !startsRow { buffer.append(0x09) }
        startsRow = false
    }

    /// A NULL field.
    public func appendNull() {
        separate()
        buffer.append(0x5C)
        buffer.append(UInt8(ascii: "N"))
    }

    /// A field from UTF-8 bytes, escaped as the format asks.
    public func append(utf8 bytes: UnsafeRawBufferPointer) {
        separate()
        for byte in bytes {
            switch byte {
            case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
            case 0x09: buffer.append(0x5C); buffer.append(UInt8(ascii: "t"))
            case 0x0A: buffer.append(0x5C); buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(0x5C); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }

    /// A field from a string (nil is NULL).
    public func append(_ text: String?) {
        guard var text else { return appendNull() }
        text.withUTF8 { append(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Ends the current row; sends the buffer when it is large enough.
    public func endRow() throws {
        buffer.append(0x0A)
        startsRow = true
        if buffer.count >= CopyWriter.chunk { try flush() }
    }

    /// Sends what is buffered.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        let code = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard code == 1 else { throw connection.connectionError(sql: sql) }
        buffer.removeAll(keepingCapacity: true)
    }
}

@available(*, unavailable)
extension CopyWriter: Sendable {}
