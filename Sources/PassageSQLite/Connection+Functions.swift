internal import CSQLite

/// An error an SQL function raises: SQLite fails the statement with its message.
public struct SQLFunctionError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Holds a function's Swift body for SQLite's C callback.
private final class FunctionBody {
    let body: ([String?]) throws -> String?
    init(_ body: @escaping ([String?]) throws -> String?) { self.body = body }
}

extension Connection {
    /// Registers `name(arguments...)`, a deterministic SQL function of text
    /// (NULL as nil) that returns text or NULL; a thrown error fails the
    /// statement that called it, with the error's text as its message.
    /// Direct-only: triggers and views cannot call it.
    public func createFunction(_ name: String, argumentCount: Int32, _ body: @escaping ([String?]) throws -> String?) throws {
        let handle = try openHandle()
        let box = Unmanaged.passRetained(FunctionBody(body))
        let code = sqlite3_create_function_v2(
            handle, name, argumentCount, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, box.toOpaque(),
            { context, count, values in
                let body = Unmanaged<FunctionBody>.fromOpaque(sqlite3_user_data(context)!).takeUnretainedValue()
                var arguments: [String?] = []
                for index in 0..<Int(count) {
                    let value = values![index]
                    if sqlite3_value_type(value) == SQLITE_NULL {
                        arguments.append(nil)
                    } else {
                        let length = Int(sqlite3_value_bytes(value))
                        let text = sqlite3_value_text(value).map {
                            String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self)
                        }
                        arguments.append(text ?? "")
                    }
                }
                do {
                    guard var result = try body.body(arguments) else { sqlite3_result_null(context); return }
                    result.withUTF8 { bytes in
                        // An empty string still needs a pointer: NULL would make the result NULL.
                        let start = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
                        sqlite3_result_text64(context, start, UInt64(bytes.count), SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
                    }
                } catch {
                    sqlite3_result_error(context, String(describing: error), -1)
                }
            },
            nil, nil,
            { pointer in
                if let pointer { Unmanaged<FunctionBody>.fromOpaque(pointer).release() }
            }
        )
        guard code == SQLITE_OK else { throw self.error(code: code, sql: nil) }
    }
}
