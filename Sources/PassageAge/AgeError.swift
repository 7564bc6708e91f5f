/// What went wrong with an age key, header or payload, in words for the user.
public struct AgeError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
