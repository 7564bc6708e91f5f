import Foundation
import PassagePostgres

/// A real PostgreSQL server for the mirror tests: a cluster made with
/// `initdb` in a temporary folder, listening on a free port of 127.0.0.1
/// (password login, scram-sha-256) and on a socket in that folder, stopped
/// and removed at the end.
///
/// `initdb` and `postgres` refuse to run as root; as root (CI), they run as
/// `nobody` through `runuser`, in a folder given to `nobody`.
final class PostgresCluster: @unchecked Sendable {
    // @unchecked: every property is set in init and never changed.
    let folder: String
    let port: Int
    let binaries: String
    /// The server's self-signed certificate (CN and address 127.0.0.1),
    /// made with openssl: the server takes TLS when a client asks for it.
    let certificate: String
    static let adminPassword = "admin-Pw-7"

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The folder of `initdb`, `pg_ctl` and `postgres`: Debian's newest
    /// /usr/lib/postgresql/N/bin, else wherever `initdb` is on PATH.
    static let binaryFolder: String? = {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(base)/\(version)/bin/initdb") {
            return "\(base)/\(version)/bin"
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") && FileManager.default.isExecutableFile(atPath: "\(folder)/pg_ctl") {
            return String(folder)
        }
        return nil
    }()

    /// Whether the tests run: always in CI (where a missing server is a
    /// failure), elsewhere when PostgreSQL is installed.
    static var testsRun: Bool {
        binaryFolder != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// One cluster shared by the tests of this process, stopped when it exits.
    static let shared: Result<PostgresCluster, any Error> = {
        let result = Result { try PostgresCluster() }
        if case .success(let cluster) = result {
            sharedForExit = cluster
            atexit { PostgresCluster.sharedForExit?.stop() }
        }
        return result
    }()
    nonisolated(unsafe) private static var sharedForExit: PostgresCluster?

    static func sharedCluster() throws -> PostgresCluster {
        try shared.get()
    }

    init() throws {
        guard let binaries = PostgresCluster.binaryFolder else {
            throw Unavailable(description: "PostgreSQL's server is not installed (no initdb under /usr/lib/postgresql/N/bin or on PATH): apt-get install postgresql")
        }
        self.binaries = binaries
        folder = try PostgresCluster.makeFolder()
        try PostgresCluster.writeFile("\(folder)/password", PostgresCluster.adminPassword + "\n")
        try PostgresCluster.run(binaries + "/initdb", ["-D", "\(folder)/data", "-U", "admin", "--pwfile=\(folder)/password",
                                                       "--auth-local=trust", "--auth-host=scram-sha-256",
                                                       "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asServer: true)
        certificate = "\(folder)/server.crt"
        try PostgresCluster.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "\(folder)/server.key", "-out", certificate,
        ], asServer: true)
        var started: Int?
        for _ in 0..<5 where started == nil {
            let candidate = try PostgresCluster.freePort()
            if (try? PostgresCluster.start(binaries: binaries, folder: folder, port: candidate)) != nil { started = candidate }
        }
        guard let started else {
            let log = (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8)) ?? ""
            throw Unavailable(description: "the test PostgreSQL server did not start: \(log.suffix(800))")
        }
        port = started
    }

    /// Stops the server at once (no checkpoint) and removes its folder.
    func stop() {
        _ = try? PostgresCluster.run(binaries + "/pg_ctl", ["-D", "\(folder)/data", "-m", "immediate", "-w", "stop"], asServer: true)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Kills the server the way a crash would (immediate shutdown, no
    /// checkpoint); `restart()` starts it again on the same port.
    func kill() throws {
        try PostgresCluster.run(binaries + "/pg_ctl", ["-D", "\(folder)/data", "-m", "immediate", "-w", "stop"], asServer: true)
    }

    func restart() throws {
        try PostgresCluster.start(binaries: binaries, folder: folder, port: port)
    }

    private static func start(binaries: String, folder: String, port: Int) throws {
        try PostgresCluster.run(binaries + "/pg_ctl", [
            "-D", "\(folder)/data", "-l", "\(folder)/server.log", "-w", "-t", "60",
            "-o", "-k \(folder) -h 127.0.0.1 -p \(port) -c fsync=off -c full_page_writes=off"
                + " -c ssl=on -c ssl_cert_file=\(folder)/server.crt -c ssl_key_file=\(folder)/server.key",
            "start",
        ], asServer: true)
    }

    /// A URL for `user` to `database`, without a password.
    func url(database: String = "postgres", user: String = "admin", query: String = "") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)" + (query.isEmpty ? "" : "?" + query)
    }

    /// A connection as `user` (default: the administrator, a superuser).
    func connect(database: String = "postgres", user: String = "admin", password: String = PostgresCluster.adminPassword) throws -> PostgresConnection {
        try PostgresConnection(url: ConnectionURL("postgresql://\(user):\(password)@127.0.0.1:\(port)/\(database)"))
    }

    /// A new, empty database for one test; returns its name.
    func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try connect()
        defer { admin.close() }
        try admin.execute("CREATE DATABASE \(name)")
        return name
    }

    // MARK: Processes

    private static let runsAsRoot = getuid() == 0

    private static func makeFolder() throws -> String {
        // As root, under /tmp: `nobody` must be able to reach the folder, and
        // a TMPDIR may be private to root.
        let base = runsAsRoot ? "/tmp" : NSTemporaryDirectory()
        var template = Array((base as NSString).appendingPathComponent("passage-pg-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw Unavailable(description: "cannot make a temporary folder") }
        let path = String(cString: made)
        if runsAsRoot { try giveToServerUser(path) }
        return path
    }

    private static func writeFile(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        if runsAsRoot { try giveToServerUser(path) }
    }

    private static func giveToServerUser(_ path: String) throws {
        guard let user = getpwnam("nobody") else { throw Unavailable(description: "no user nobody to run PostgreSQL as") }
        guard chown(path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw Unavailable(description: "cannot give \(path) to nobody: errno \(errno)")
        }
    }

    /// Runs a server program, as `nobody` when this process is root; throws
    /// with its output when it fails. posix_spawn and waitpid rather than
    /// Foundation's Process, which was seen to miss the exit of `runuser`
    /// once pg_ctl had left the server running.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], asServer: Bool) throws -> String {
        // From /, a folder `nobody` may enter.
        let inRoot = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"]
        let command = inRoot + (asServer && runsAsRoot ? ["/usr/sbin/runuser", "-u", "nobody", "--", program] : [program]) + arguments
        // Output into a file, not a pipe: the server that pg_ctl leaves
        // running must not hold a pipe this process reads to its end.
        let outputPath = NSTemporaryDirectory() + "passage-pg-output-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = command.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw Unavailable(description: "cannot run \(command[0]): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0 && (status >> 8) & 0xFF == 0
        guard exited else {
            throw Unavailable(description: "\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }

    /// A port nothing listens on now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "no socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
                guard bind(descriptor, raw, length) == 0 else { return -1 }
                return getsockname(descriptor, raw, &length)
            }
        }
        guard bound == 0 else { throw Unavailable(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
