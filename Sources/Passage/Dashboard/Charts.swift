/// SVG charts that read the same from a 360 px phone to a printed A4 page:
/// no viewBox, so text keeps its CSS size (never scaled below 12 px);
/// horizontal positions are percentages of the chart's width, vertical
/// ones pixels. Colours are the Okabe–Ito palette (safe for colour-blind
/// readers); the numbers that matter are written on the chart.
enum Palette {
    static let admitted = "#0072B2"
    static let turnedAway = "#D55E00"
    static let arrived = "#009E73"
    static let resolved = "#56B4E9"
    static let unresolved = "#E69F00"
    static let median = "#0072B2"
    static let tail = "#9ecae1"
    static let neutral = "#6b6b6b"
}

enum Charts {
    struct Segment {
        let value: Double
        let color: String
    }

    struct BarRow {
        let label: String
        let segments: [Segment]
        /// Written after the bar.
        let valueText: String
    }

    /// The share of the width the longest bar takes; the rest holds its value text.
    private static let longestBar = 66.0
    private static let rowHeight = 42
    private static let barHeight = 16

    /// One bar per row, its label above it and its value after it; a row's
    /// segments are stacked left to right.
    static func horizontalBars(_ m: inout Markup, title: String, rows: [BarRow]) {
        let largest = rows.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 0
        let scale = largest > 0 ? longestBar / largest : 0
        let height = rows.count * rowHeight + 4
        m.element("svg", ["class": "chart", "width": "100%", "height": "\(height)", "role": "img", "aria-label": title]) { m in
            m.element("title", text: title)
            for (index, row) in rows.enumerated() {
                let top = index * rowHeight
                m.element("text", ["x": "0", "y": "\(top + 14)", "class": "bar-label"], text: shortened(row.label, to: 60))
                var x = 0.0
                for segment in row.segments where segment.value > 0 {
                    let width = segment.value * scale
                    m.empty("rect", ["x": percent(x), "y": "\(top + 20)", "width": percent(width),
                                     "height": "\(barHeight)", "fill": segment.color])
                    x += width
                }
                m.element("text", ["x": percent(x), "dx": "6", "y": "\(top + 33)", "class": "bar-value"], text: row.valueText)
            }
        }
    }

    /// One column per day, with horizontal grid lines labelled on their
    /// left end, the highest and the latest day's values written above
    /// their columns, and some dates under the axis.
    static func dailyColumns(_ m: inout Markup, title: String, dates: [String], values: [Int], color: String, unit: String) {
        let plotTop = 26, plotHeight = 120
        let height = plotTop + plotHeight + 24
        let top = niceCeiling(values.max() ?? 0)
        let count = max(dates.count, 1)
        let slot = 100.0 / Double(count)
        let gap = min(slot * 0.25, 1.2)
        m.element("svg", ["class": "chart", "width": "100%", "height": "\(height)", "role": "img", "aria-label": title]) { m in
            m.element("title", text: title)
            let ticks = [top / 2, top].filter { $0 > 0 && ($0 == top || top % 2 == 0) }
            for tick in ticks {
                let y = plotTop + plotHeight - tick * plotHeight / top
                m.empty("line", ["x1": "0", "x2": "100%", "y1": "\(y)", "y2": "\(y)", "class": "grid"])
            }
            m.empty("line", ["x1": "0", "x2": "100%", "y1": "\(plotTop + plotHeight)", "y2": "\(plotTop + plotHeight)", "class": "axis"])
            func columnTop(_ value: Int) -> Double {
                Double(plotTop + plotHeight) - (top > 0 ? Double(value) * Double(plotHeight) / Double(top) : 0)
            }
            for (index, value) in values.enumerated() where value > 0 {
                let y = columnTop(value)
                m.empty("rect", ["x": percent(Double(index) * slot + gap / 2), "y": number(y),
                                 "width": percent(slot - gap), "height": number(Double(plotTop + plotHeight) - y), "fill": color])
            }
            // The highest and the latest day's values, above their columns; an
            // edge column's text reaches over its neighbour, so above both.
            let peak = values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }
            for index in Set([peak, values.indices.last].compactMap { $0 }).sorted() {
                let reach = anchor(index, count) == "middle" ? [index] : [index, index == 0 ? 1 : index - 1].filter(values.indices.contains)
                let y = columnTop(reach.map { values[$0] }.max() ?? 0) - 5
                m.element("text", ["x": percent(Double(index) * slot + slot / 2), "y": number(y),
                                   "class": "col-value", "text-anchor": anchor(index, count)], text: Format.count(values[index]))
            }
            // Grid labels last, over the columns (with a halo).
            for tick in ticks {
                let y = plotTop + plotHeight - tick * plotHeight / top
                m.element("text", ["x": "0", "y": "\(y - 4)", "class": "tick"], text: Format.count(tick) + (tick == top ? " " + unit : ""))
            }
            for index in labelledIndexes(count: dates.count) {
                m.element("text", ["x": percent(Double(index) * slot + slot / 2), "y": "\(plotTop + plotHeight + 18)",
                                   "class": "tick", "text-anchor": anchor(index, count)], text: Format.shortDate(dates[index]))
            }
        }
    }

    /// A small legend: a swatch and words for each colour.
    static func legend(_ m: inout Markup, _ items: [(label: String, color: String)]) {
        m.element("ul", ["class": "legend"]) { m in
            for item in items {
                m.element("li") { m in
                    m.element("svg", ["width": "12", "height": "12", "aria-hidden": "true"]) { m in
                        m.empty("rect", ["width": "12", "height": "12", "fill": item.color])
                    }
                    m.text(" " + item.label)
                }
            }
        }
    }

    /// The first and last columns anchor their text inward, so it is not cut off.
    private static func anchor(_ index: Int, _ count: Int) -> String {
        if count > 2 && index == 0 { return "start" }
        if count > 2 && index == count - 1 { return "end" }
        return "middle"
    }

    /// At most about six date labels, the first and the last among them.
    static func labelledIndexes(count: Int) -> [Int] {
        guard count > 7 else { return Array(0..<count) }
        let step = Int((Double(count - 1) / 5).rounded(.up))
        var indexes = Array(stride(from: 0, to: count - 1, by: step))
        if let last = indexes.last, last > 0, count - 1 - last < step { indexes.removeLast() }
        return indexes + [count - 1]
    }

    /// The smallest of 2, 4, 5 or 10 times a power of ten at or above `value` (0 for 0).
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 0 else { return 0 }
        var power = 1
        while power * 10 < value { power *= 10 }
        return [2, 4, 5, 10].map { $0 * power }.first { $0 >= value } ?? 10 * power
    }

    static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    static func percent(_ value: Double) -> String { number(value) + "%" }

    /// A coordinate with at most two decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}

/// How numbers and dates are written on the page.
enum Format {
    /// `1 case`, `12,345 cases`.
    static func count(_ value: Int, _ one: String, _ many: String) -> String {
        count(value) + " " + (value == 1 ? one : many)
    }

    /// `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2021-08-27` → `27 Aug`.
    static func shortDate(_ date: String) -> String {
        let parts = date.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]) else { return date }
        return "\(day) \(months[month - 1])"
    }

    /// A stored time (`2021-08-25T02:40:00+04:30`) as `25 Aug 02:40` (the
    /// zone is in the page's header; the year is the page's); a date alone as `25 Aug`.
    static func shortTime(_ time: String) -> String {
        let date = shortDate(String(time.prefix(10)))
        return time.count >= 16 ? date + " " + time.dropFirst(11).prefix(5) : date
    }

    /// A rate of the reports (`0.438`) as a percentage (`43.8%`): exact,
    /// since the reports round rates to 3 decimals.
    static func percentage(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        let tenths = Int((rate * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Hours of the time-to-entry report as it prints them (`5.2`).
    static func hours(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(value)
    }
}
