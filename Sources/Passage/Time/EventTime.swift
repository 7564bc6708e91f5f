/// A time as Passage keeps it: an instant, or a date alone (local
/// midnight in the event zone, remembered as date-only).
///
/// `text` is the canonical stored form, in the event zone:
/// `2021-08-27T22:00:00+04:30`, or `2021-08-27` for a date-only value.
/// All stored values share one offset, so text order is time order.
public struct EventTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// Whether only the date was given.
    public let isDateOnly: Bool
    /// The canonical text, as stored and as printed.
    public let text: String

    init(epochSeconds: Int64, isDateOnly: Bool, text: String) {
        self.epochSeconds = epochSeconds
        self.isDateOnly = isDateOnly
        self.text = text
    }

    /// Parses any time form; nil when the text is not a valid time.
    public init?(_ string: String, zone: EventZone) {
        guard let parsed = try? TimeParser.parse(string, zone: zone) else { return nil }
        self = parsed
    }

    /// The instant `epochSeconds`, written in `zone`.
    public init(epochSeconds: Int64, zone: EventZone) {
        self.epochSeconds = epochSeconds
        self.isDateOnly = false
        self.text = TimeParser.format(epochSeconds: epochSeconds, zone: zone)
    }

    public var description: String { text }

    /// Instants compare by time; a date-only value counts as local midnight.
    public static func < (lhs: EventTime, rhs: EventTime) -> Bool {
        lhs.epochSeconds < rhs.epochSeconds
    }
}
