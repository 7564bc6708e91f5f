#if canImport(Glibc)
import Glibc
#endif

/// A date known to the year, the month or the day (`1984`, `1984-03`,
/// `1984-03-07`): how lists give birth dates.
public struct PartialDate: Sendable, Equatable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    /// The earliest birth year taken: an older one is a typo (`1084`).
    static let earliestYear = 1880

    /// Reads the text of a stored or given value; nil when it is not one of
    /// the three forms or not a real date.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard [4, 7, 10].contains(bytes.count) else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<(start + count)] {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4) else { return nil }
        self.year = year
        if bytes.count >= 7 {
            guard bytes[4] == UInt8(ascii: "-"), let month = number(5, 2), (1...12).contains(month) else { return nil }
            self.month = month
        }
        if bytes.count == 10 {
            guard bytes[7] == UInt8(ascii: "-"), let day = number(8, 2), let month,
                  (1...TimeParser.daysIn(month: month, year: year)).contains(day) else { return nil }
            self.day = day
        }
    }

    /// Why `text` is not a valid birth date on `today` (`YYYY-MM-DD`), or nil.
    static func problem(_ text: String, today: String) -> String? {
        let quoted = ValueParser.quote(text)
        guard let date = PartialDate(text) else {
            return "\(quoted) is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (a real month and day)"
        }
        guard date.year >= earliestYear else { return "\(quoted) is before \(earliestYear)" }
        // Text order is date order for the same number of characters.
        guard text <= String(today.prefix(text.utf8.count)) else { return "\(quoted) is in the future" }
        return nil
    }

    /// Days since 1970-01-01 of a full date, nil when the day is not known.
    var dayNumber: Int? {
        guard let month, let day else { return nil }
        return TimeParser.daysFromCivil(year: year, month: month, day: day)
    }
}

extension TimeParser {
    /// Today's date (`YYYY-MM-DD`) in the event zone.
    static func today(in zone: EventZone) -> String {
        localDate(epochSeconds: Int64(time(nil)), zone: zone)
    }
}
