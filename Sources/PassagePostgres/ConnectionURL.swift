internal import CLibPQ

/// A `postgresql://` URL, checked by libpq's own parser, with what may be
/// shown of it and the secrets that never may.
///
/// libpq itself takes the password from the URL, `PGPASSWORD` or
/// `~/.pgpass`; this type only makes sure none of them is ever printed.
public struct ConnectionURL: Sendable {
    /// The URL as given: it may hold a password, so it is never shown.
    let text: String
    /// Text that must never appear in output: the URL's password as written
    /// and percent-decoded, and `PGPASSWORD`.
    let secrets: [String]
    /// The settings libpq reads from the URL, password left out.
    public let host: String?
    public let port: String?
    public let database: String?
    public let user: String?
    public let sslMode: String?

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(_ text: String, environment: [String: String] = [:]) throws {
        var secrets = ConnectionURL.rawPasswords(in: text)
        if let fromEnvironment = environment["PGPASSWORD"], !fromEnvironment.isEmpty { secrets.append(fromEnvironment) }
        guard text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") else {
            // Not echoed: a key=value string may hold a password this type cannot find.
            throw Invalid(description: "the mirror's URL must start with postgresql:// or postgres://")
        }
        try LibPQ.load()
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "libpq cannot read it"
            PQfreemem(errorMessage)
            throw Invalid(description: "invalid PostgreSQL URL: \(ConnectionURL.redact(message.trimmingTrailingNewlines, secrets: secrets))")
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        if let password = values["password"], !password.isEmpty { secrets.append(password) }
        self.text = text
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        host = values["host"] ?? values["hostaddr"]
        port = values["port"]
        database = values["dbname"]
        user = values["user"]
        sslMode = values["sslmode"]
    }

    /// `user@host:port/database`, each part only when the URL names it:
    /// what messages show of the server, never a password.
    public var redacted: String {
        var shown = "postgresql://"
        if let user, !user.isEmpty { shown += user + "@" }
        shown += host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        if let port, !port.isEmpty { shown += ":" + port }
        if let database, !database.isEmpty { shown += "/" + database }
        return redact(shown)
    }

    /// `text` with every secret replaced by `***`.
    public func redact(_ text: String) -> String {
        ConnectionURL.redact(text, secrets: secrets)
    }

    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacing(secret, with: "***")
        }
        return result
    }

    /// The password as written in the URL: after the first `:` of the user
    /// part (before the last `@` of the authority), and every `password=`
    /// query value; also percent-decoded. Found without libpq, so that even
    /// libpq's message about a URL it cannot parse is redacted.
    static func rawPasswords(in text: String) -> [String] {
        var found: [String] = []
        if let scheme = text.firstRange(of: "://") {
            let rest = text[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    found.append(String(userInfo[userInfo.index(after: colon)...]))
                }
            }
        }
        if let query = text.firstIndex(of: "?") {
            for pair in text[text.index(after: query)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, parts[0].lowercased() == "password" { found.append(String(parts[1])) }
            }
        }
        return found.flatMap { [$0, percentDecoded($0)] }.filter { !$0.isEmpty }
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var result = self
        while result.last == "\n" || result.last == "\r" { result.removeLast() }
        return result
    }
}
