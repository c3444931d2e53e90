// swift-tools-version:6.0
// The libFuzzer target of the parser, as its own package so a plain `swift build` of portal never sees
// it (it has no `main`: libFuzzer supplies one). It depends on the real PortalCore, so it fuzzes exactly
// the code the build runs, whatever readers PortalCore grows. Build and run with Fuzz/build.sh, Fuzz/run.sh.
import PackageDescription

let package = Package(
    name: "portal-fuzz",
    dependencies: [.package(name: "portal", path: "..")],
    targets: [
        .executableTarget(
            name: "ParserFuzzer",
            dependencies: [.product(name: "PortalCore", package: "portal")],
            swiftSettings: [.swiftLanguageMode(.v5), .unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
