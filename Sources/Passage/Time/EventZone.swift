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

    /// The widest offset SQLite's date functions read (`±14:59`); the zones
    /// places use run from -12:00 to +14:00. In a zone beyond it, SQLite
    /// would give no date for a stored time, and the reports that count
    /// days would come out empty.
    public static let widestOffsetSeconds = 14 * 3600 + 59 * 60

    /// Whether SQLite's date functions can read times written in this zone.
    public var isWithinSQLiteRange: Bool { abs(offsetSeconds) <= EventZone.widestOffsetSeconds }

    /// `+04:30`, `-05:00`, `+00:00`.
    public var description: String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(offsetSeconds) / 60
        return sign + TimeParser.twoDigits(minutes / 60) + ":" + TimeParser.twoDigits(minutes % 60)
    }
}
