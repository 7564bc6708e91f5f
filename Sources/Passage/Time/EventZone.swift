/// The database's event zone: a fixed offset from UTC (no daylight saving).
/// Times written without an offset are local to it, and reports print in it.
public struct EventZone: Sendable, Hashable, CustomStringConvertible {
    /// Seconds east of UTC (Kabul: +16,200).
    public let offsetSeconds: Int

    public static let kabul = EventZone(offsetSeconds: 4 * 3600 + 30 * 60)

    public init(offsetSeconds: Int) {
        self.offsetSeconds = offsetSeconds
    }

    /// Parses `±HH:MM` (or `Z` for UTC).
    public init?(_ text: String) {
        if text == "Z" || text == "z" { self.init(offsetSeconds: 0); return }
        guard let seconds = TimeParser.offsetSeconds(Array(text.utf8)[...]) else { return nil }
        self.init(offsetSeconds: seconds)
    }

    /// `+04:30`, `-05:00`, `+00:00`.
    public var description: String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(offsetSeconds) / 60
        return sign + TimeParser.twoDigits(minutes / 60) + ":" + TimeParser.twoDigits(minutes % 60)
    }
}
