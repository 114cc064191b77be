// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PeakTrade",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "peaktrade", targets: ["peaktrade"]),
        .library(name: "PeakTradeCore", targets: ["PeakTradeCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(
            name: "PeakTradeCore",
            dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(
            name: "PeakTradeTUI",
            dependencies: ["PeakTradeCore"]
        ),
        .target(
            name: "PeakTradeConsole",
            dependencies: ["PeakTradeCore", "PeakTradeTUI"]
        ),
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "PeakTradeCurses",
            dependencies: ["CNcurses", "PeakTradeTUI"]
        ),
        .executableTarget(
            name: "peaktrade-curses-probe",
            dependencies: ["PeakTradeCurses", "PeakTradeTUI", "PeakTradeCore"]
        ),
        .executableTarget(
            name: "peaktrade",
            dependencies: [
                "PeakTradeCore",
                "PeakTradeConsole",
                "PeakTradeCurses",
                "PeakTradeTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "peaktrade-bench",
            dependencies: ["PeakTradeCore", "PeakTradeTUI", "PeakTradeConsole", "PeakTradeTestSupport"]
        ),
        .target(
            name: "PeakTradeTestSupport",
            dependencies: ["PeakTradeCore"],
            path: "Tests/PeakTradeTestSupport"
        ),
        .testTarget(
            name: "PeakTradeCoreTests",
            dependencies: ["PeakTradeCore", "PeakTradeTestSupport"]
        ),
        .testTarget(
            name: "PeakTradeTUITests",
            dependencies: ["PeakTradeTUI", "PeakTradeCore", "peaktrade-curses-probe", "PeakTradeTestSupport"]
        ),
        .testTarget(
            name: "PeakTradeConsoleTests",
            dependencies: ["PeakTradeConsole", "PeakTradeTUI", "PeakTradeCore", "PeakTradeTestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "PeakTradeCLITests",
            dependencies: ["peaktrade", "PeakTradeCore", "PeakTradeTestSupport"]
        ),
    ]
)
