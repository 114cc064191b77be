import Foundation

/// Exit codes shared by every command (sysexits.h values where one fits).
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// The command ran and found problems (findings at/above the threshold, blocked orders, ...).
    case problemsFound = 1
    case usage = 64
    case badInput = 65
    case ioError = 74
    case badConfig = 78
}

/// A user-facing error. `description` always names where (file, line, key) and what would be valid.
public struct PeakTradeError: Error, CustomStringConvertible, Sendable, Equatable {
    public let status: ExitStatus
    public let description: String

    public init(_ status: ExitStatus, _ description: String) {
        self.status = status
        self.description = description
    }

    public static func badInput(_ message: String) -> PeakTradeError { .init(.badInput, message) }
    public static func io(_ message: String) -> PeakTradeError { .init(.ioError, message) }
    public static func config(_ message: String) -> PeakTradeError { .init(.badConfig, message) }
    public static func usage(_ message: String) -> PeakTradeError { .init(.usage, message) }
}
