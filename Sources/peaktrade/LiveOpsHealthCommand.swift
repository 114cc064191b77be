import ArgumentParser
import Foundation
import PeakTradeCore

struct LiveOpsHealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Config, environment, data freshness, limits, alert sinks (reachability probe), state folders.",
        discussion: "Exit 0 when no check fails (warnings are shown), 1 when one fails; with --strict warnings fail too. Alert sinks are probed without sending anything: a TCP connect for webhook/Slack, GET /-/healthy for Alertmanager."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Treat warnings as failures.") var strict = false
    @Flag(help: "Print as JSON.") var json = false

    struct Check: Encodable {
        enum Status: String, Encodable, Comparable {
            case ok, warn, fail
            static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
            var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }
        }
        let name: String
        let status: Status
        let detail: String
    }

    func run() throws {
        try Console.run {
            let settings = try global.loadSettings()
            var checks: [Check] = []
            func add(_ name: String, _ status: Check.Status, _ detail: String) { checks.append(Check(name: name, status: status, detail: TerminalText.sanitize(detail))) }

            add("config", settings.warnings.isEmpty ? .ok : .warn,
                "\(settings.configPath ?? "built-in defaults")\(settings.warnings.isEmpty ? "" : ": \(settings.warnings.count) warning(s): \(settings.warnings.joined(separator: " | "))")")
            add("environment", settings.environment == .live ? .warn : .ok,
                settings.environment == .live ? "LIVE: drills refuse to start, order commands are preview-only" : "mode \(settings.environment.rawValue)")

            let now = SystemClock.now()
            let checker = DataCheck(settings: settings.dataQuality, mode: settings.data.readMode)
            for s in settings.data.symbols {
                let path = settings.data.file(for: s)
                do {
                    let r = try checker.run(path: path, timeframe: settings.data.timeframe, asOf: now).report
                    let worst = r.worstSeverity
                    let stale = r.findings.first { $0.kind == .stale }
                    let status: Check.Status = worst.map { $0 >= .error ? .fail : $0 >= .warning ? .warn : .ok } ?? .ok
                    var detail = "\(path): \(r.rows) candles to \(r.last ?? "-")"
                    if let stale { detail += "; STALE: \(stale.message)" }
                    if r.summary.error + r.summary.critical > 0 { detail += "; \(r.summary.critical) critical, \(r.summary.error) error finding(s) (peaktrade data check)" }
                    add("data \(s)", status, detail)
                } catch let e as PeakTradeError {
                    add("data \(s)", .fail, e.description)
                }
            }

            let r = settings.liveRisk
            add("limits", r.enabled ? .ok : .warn,
                r.enabled ? "order ≤ \(money(r.maxOrderNotional)), total ≤ \(money(r.maxTotalExposureNotional)), symbol ≤ \(money(r.maxSymbolExposureNotional)), daily loss ≤ \(money(r.maxDailyLossAbs)); trading \(r.tradingState.rawValue); \(r.blockOnViolation ? "blocking" : "marking only")"
                          : "[live_risk] enabled = false: orders are not checked")
            do {
                let (p, fresh, _) = try LiveOps(settings: settings).markedPortfolio()
                let util = LiveRiskLimits(settings: r).utilisation(portfolio: p, largestOrder: 0)
                let breach = util.contains { $0.status == .breach }
                let warning = util.contains { $0.status == .warning }
                add("paper portfolio", breach ? .fail : warning ? .warn : .ok,
                    "\(fresh ? "no saved state (fresh start)" : settings.paper.portfolioPath): equity \(money(p.equity)), exposure \(money(p.grossExposure)); " + util.map { "\($0.limit) \(String(format: "%.0f", $0.ratio * 100))% \($0.status.rawValue)" }.joined(separator: ", "))
            } catch let e as PeakTradeError {
                add("paper portfolio", .fail, e.description)
            }

            let a = settings.alerts
            add("alerts", a.enabled ? .ok : .warn, a.enabled ? "sinks: \(a.sinks.map(\.rawValue).joined(separator: ", ")); fallback: \(a.fallbackSinks.map(\.rawValue).joined(separator: ", "))" : "[live_alerts] enabled = false: nobody is told when something breaks")
            let probeTimeout = min(a.timeoutSeconds, 3)
            for (kind, urls) in [(SinkKind.webhook, a.webhookURLs), (.slackWebhook, a.slackWebhookURLs), (.alertmanager, a.alertmanagerURLs)] where a.sinks.contains(kind) {
                for (i, u) in urls.enumerated() {
                    let name = "\(kind.rawValue)[\(i)] \(RedactedURL.describe(u))"
                    if kind == .alertmanager {
                        let probe = AlertmanagerProbe.healthy(u, timeout: probeTimeout)
                        add("sink \(name)", probe == nil ? .ok : .fail, probe ?? "GET /-/healthy answered 200")
                    } else {
                        let port = u.port ?? (u.scheme == "https" ? 443 : 80)
                        let probe = TCPProbe.connect(host: u.host ?? "", port: port, timeout: probeTimeout)
                        add("sink \(name)", probe == nil ? .ok : .fail, probe.map { "not reachable: \($0)" } ?? "reachable (TCP connect; nothing sent)")
                    }
                }
            }
            let spool = AlertSpool(path: a.spoolPath).read()
            if !spool.entries.isEmpty { add("alert spool", .warn, "\(spool.entries.count) undelivered alert(s) in \(a.spoolPath) (peaktrade alerts flush)") }

            for (name, dir) in [("state folder", settings.paper.stateDir), ("alert state folder", (a.spoolPath as NSString).deletingLastPathComponent),
                                ("log folder", (a.logPath as NSString).deletingLastPathComponent), ("drill folder", settings.drills.workDir)] {
                let problem = Writable.check(dir)
                add(name, problem == nil ? .ok : .fail, problem ?? "\(dir) writable")
            }

            let worst = checks.map(\.status).max() ?? .ok
            if json {
                struct Doc: Encodable { let status: String; let checks: [Check] }
                Console.out(try Console.json(Doc(status: worst.rawValue, checks: checks)))
            } else {
                Console.out("live-ops health: \(worst.rawValue.uppercased())\(settings.environment == .live ? "  *** LIVE ENVIRONMENT ***" : "")")
                for c in checks { Console.out("  \(pad(c.status.rawValue.uppercased(), 5)) \(pad(c.name, 24)) \(c.detail)") }
            }
            return worst == .fail || (strict && worst == .warn) ? .problemsFound : .ok
        }
    }
}

enum Writable {
    /// Creates the folder if needed and writes and removes a probe file.
    static func check(_ dir: String) -> String? {
        do {
            try AtomicFile.createDirectory(URL(fileURLWithPath: dir))
            let probe = URL(fileURLWithPath: dir).appendingPathComponent(".peaktrade-write-probe-\(getpid())")
            try AtomicFile.write("ok", to: probe)
            try FileManager.default.removeItem(at: probe)
            return nil
        } catch let e as PeakTradeError {
            return e.description
        } catch {
            return "\(dir): not writable: \(error.localizedDescription)"
        }
    }
}
