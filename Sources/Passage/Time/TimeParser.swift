/// Parses and formats times (docs/data-model.md) without Foundation: it runs once per time
/// value of every loaded row, so it works on UTF-8 bytes directly.
public enum TimeParser {
    /// Why a time was refused, in words a user can act on.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    static let expected = "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fraction]] with an optional Z or ±HH:MM"

    /// Parses `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS]` (a space may stand for
    /// `T`) with an optional `Z` or `±HH:MM`.
    public static func parse(_ string: String, zone: EventZone) throws(Failure) -> EventTime {
        var string = string
        let result: Result<EventTime, Failure> = string.withUTF8 { bytes in
            do throws(Failure) { return .success(try parse(bytes, zone: zone)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, zone: EventZone) throws(Failure) -> EventTime {
        // Made only for a message: this runs for every loaded time.
        var quoted: String { "'\(String(decoding: bytes.prefix(40), as: UTF8.self))'" }
        guard bytes.count >= 10,
              let year = number(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"),
              let month = number(bytes, 5, 2), bytes[7] == UInt8(ascii: "-"),
              let day = number(bytes, 8, 2)
        else { throw Failure(description: "\(quoted) is not a time: \(expected)") }
        guard year >= 1 else {
            throw Failure(description: "\(quoted) is in year 0000: years run from 0001")
        }
        guard (1...12).contains(month) else {
            throw Failure(description: "\(quoted) has no month \(month): \(expected)")
        }
        guard (1...daysIn(month: month, year: year)).contains(day) else {
            throw Failure(description: "\(quoted) is not a real date (\(monthNames[month - 1]) \(year) has \(daysIn(month: month, year: year)) days)")
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        if bytes.count == 10 {
            let epoch = Int64(days) * 86_400 - Int64(zone.offsetSeconds)
            return EventTime(epochSeconds: epoch, isDateOnly: true, text: String(decoding: bytes, as: UTF8.self))
        }
        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "t"),
              bytes.count >= 16,
              let hour = number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
              let minute = number(bytes, 14, 2)
        else { throw Failure(description: "\(quoted) is not a time: \(expected)") }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let parsed = number(bytes, 17, 2) else {
                throw Failure(description: "\(quoted) has malformed seconds: \(expected)")
            }
            second = parsed
            index = 19
            // A fraction of a second (JavaScript and Python write `.000`):
            // accepted and dropped, as times are kept to the second.
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                let digitsStart = index
                while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
                guard index > digitsStart else {
                    throw Failure(description: "\(quoted) has a malformed fraction of a second: \(expected)")
                }
            }
        }
        guard hour < 24, minute < 60, second < 60 else {
            throw Failure(description: "\(quoted) has no time of day \(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second))")
        }
        var offset = zone.offsetSeconds
        if index < bytes.count {
            let rest = bytes[index...]
            if rest.count == 1, rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") {
                offset = 0
            } else if let parsed = offsetSeconds(rest) {
                offset = parsed
            } else {
                throw Failure(description: "\(quoted) has a malformed offset: \(expected)")
            }
        }
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let epoch = local - Int64(offset)
        let text = format(epochSeconds: epoch, zone: zone)
        guard text.utf8.count == 25 else {
            throw Failure(description: "\(quoted) falls outside the years 0001–9999 in the event zone")
        }
        return EventTime(epochSeconds: epoch, isDateOnly: false, text: text)
    }

    /// Parses `±HH:MM` into seconds east of UTC.
    static func offsetSeconds(_ bytes: some Collection<UInt8>) -> Int? {
        let bytes = Array(bytes)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":") else { return nil }
        let hours = bytes.withUnsafeBufferPointer { number($0, 1, 2) }
        let minutes = bytes.withUnsafeBufferPointer { number($0, 4, 2) }
        guard let hours, let minutes, hours <= 23, minutes <= 59 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` for the instant in `zone`.
    public static func format(epochSeconds: Int64, zone: EventZone) -> String {
        let local = epochSeconds + Int64(zone.offsetSeconds)
        let days = floorDivide(local, 86_400)
        let secondsOfDay = Int(local - days * 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        guard (1...9999).contains(year) else { return "out of range" }
        let offsetMinutes = abs(zone.offsetSeconds) / 60
        // Written digit by digit into 25 bytes: this runs for every loaded time.
        return String(unsafeUninitializedCapacity: 25) { buffer in
            func put(_ value: Int, _ digits: Int, at start: Int) {
                var value = value
                for index in stride(from: start + digits - 1, through: start, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0); buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5); buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8); buffer[10] = UInt8(ascii: "T")
            put(secondsOfDay / 3600, 2, at: 11); buffer[13] = UInt8(ascii: ":")
            put(secondsOfDay / 60 % 60, 2, at: 14); buffer[16] = UInt8(ascii: ":")
            put(secondsOfDay % 60, 2, at: 17)
            buffer[19] = zone.offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            put(offsetMinutes / 60, 2, at: 20); buffer[22] = UInt8(ascii: ":")
            put(offsetMinutes % 60, 2, at: 23)
            return 25
        }
    }

    /// `YYYY-MM-DD` of the local date of the instant in `zone`.
    public static func localDate(epochSeconds: Int64, zone: EventZone) -> String {
        let days = floorDivide(epochSeconds + Int64(zone.offsetSeconds), 86_400)
        let (year, month, day) = civilFromDays(Int(days))
        return date(year: year, month: month, day: day)
    }

    /// Checks a `YYYY-MM-DD` date (report parameters `from`/`to`).
    public static func isValidDate(_ string: String) -> Bool {
        guard let time = try? parse(string, zone: .kabul) else { return false }
        return time.isDateOnly
    }

    static func date(year: Int, month: Int, day: Int) -> String {
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
