/// The alert for data-quality findings, the same wherever they are found (a drill's data check, the console's
/// live feed): one alert for the worst finding from error up, naming the file and the command that shows all.
public enum DataQualityAlerting {
    /// nil when no finding reaches error. `origin` is appended to the title (`live feed`).
    public static func alert(for findings: [Finding], symbol: Symbol, timeframe: Timeframe, file: String, origin: String? = nil,
                             environment: EnvironmentMode, now: Int64) -> Alert? {
        guard let worst = findings.max(by: { $0.severity < $1.severity }), worst.severity >= .error else { return nil }
        return Alert(severity: worst.severity == .critical ? .critical : .warning, source: "data",
                     title: "data quality: \(worst.kind.rawValue) in \(symbol) \(timeframe.rawValue)" + (origin.map { " (\($0))" } ?? ""),
                     message: "\(file): \(worst.message) (\(findings.count) finding(s); peaktrade data check \(file))",
                     labels: ["symbol": symbol.description, "kind": worst.kind.rawValue], timestamp: now, environment: environment)
    }
}
