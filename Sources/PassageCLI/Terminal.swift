#if canImport(Glibc)
import Glibc
#endif

/// Asks for a secret on the controlling terminal with echo off; nil when
/// there is no terminal (a script, a pipe, CI).
func askWithoutEcho(_ prompt: String) -> String? {
    let terminal = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
    guard terminal >= 0 else { return nil }
    defer { _ = close(terminal) }
    var saved = termios()
    guard tcgetattr(terminal, &saved) == 0 else { return nil }
    var quiet = saved
    quiet.c_lflag &= ~tcflag_t(ECHO)
    _ = tcsetattr(terminal, TCSAFLUSH, &quiet)
    defer {
        _ = tcsetattr(terminal, TCSAFLUSH, &saved)
        _ = write(terminal, "\n", 1)
    }
    _ = Array(prompt.utf8).withUnsafeBytes { write(terminal, $0.baseAddress, $0.count) }
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while read(terminal, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    return String(decoding: line, as: UTF8.self)
}
