// swift-tools-version:6.0
// actone: face performance capture and motion transfer.
// Layers, lowest first (an arrow means "imports"); docs/architecture.md says what each holds:
//   CFFmpeg (system libraries)  Imaging  OutputFiles  NeuralRuntime
//   FaceGeometry -> Imaging
//   MediaIO      -> CFFmpeg, Imaging, OutputFiles
//   FaceTracking -> NeuralRuntime, Imaging, FaceGeometry   (faces, and the person matte)
//   Motion       -> FaceGeometry, Imaging, OutputFiles
//   Rendering    -> Imaging, FaceGeometry, Motion
//   ActOne       -> all of the above
//   actone       -> ActOne, OutputFiles, ArgumentParser
import Foundation
import PackageDescription

// NeuralRuntime's kernels are written with SIMD types; without a target CPU the compiler may use
// only the x86-64 baseline (SSE2), which makes the models 1.5-2.5x slower than with AVX2 or
// AVX-512. actone is built from source on the machine that runs it (Scripts/setup), so the
// default is that machine's CPU. Set ACTONE_TARGET_CPU to build for another (an LLVM CPU name such
// as "haswell" for any AVX2 machine; this toolchain rejects "x86-64-v3"), or to "generic".
let targetCPU = ProcessInfo.processInfo.environment["ACTONE_TARGET_CPU"] ?? "native"
// NEURAL_RUNTIME_WIDE_VECTORS picks the convolution tile for 256/512-bit vectors (same results).
let cpuSettings: [SwiftSetting] =
    (targetCPU == "generic"
        ? []
        : [.unsafeFlags(["-target-cpu", targetCPU]), .define("NEURAL_RUNTIME_WIDE_VECTORS")])
    // The kernels and crops are optimised in debug builds too: unoptimised they are ~100x slower,
    // which makes the test suite's model runs (and `actone track` in a debug build) crawl.
    + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "actone",
    products: [
        .executable(name: "actone", targets: ["actone"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // libavdevice (cameras for `actone live`), libavformat, libavcodec, libswscale,
        // libswresample and libavutil. pkg-config finds the include path through libavformat; the
        // module map links all six.
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [
                .apt(["libavdevice-dev", "libavformat-dev", "libavcodec-dev", "libswscale-dev", "libswresample-dev", "libavutil-dev"]),
                .brew(["ffmpeg"]),
            ]
        ),
        .target(name: "Imaging"),
        // The face mesh's vocabulary, shared by the tracker that finds it and the layers that read
        // it: LandmarkPoint, the mesh topology, one table of named landmark indices.
        .target(name: "FaceGeometry", dependencies: ["Imaging"]),
        // Safe outputs: temporary file and rename, FIFOs, devices and stdout written through,
        // outputs that are inputs refused, clean-up on signals. Foundation only.
        .target(name: "OutputFiles"),
        // A small TFLite-subset interpreter: flatbuffer reader -> Graph -> kernels -> Interpreter.
        // Knows nothing of faces or media.
        .target(name: "NeuralRuntime", swiftSettings: cpuSettings),
        .target(name: "MediaIO", dependencies: ["CFFmpeg", "Imaging", "OutputFiles"]),
        // Face detection, mesh, irises and tracking across frames, and the person matte of a still
        // (MediaPipe's selfie segmentation), on top of NeuralRuntime.
        .target(name: "FaceTracking", dependencies: ["NeuralRuntime", "Imaging", "FaceGeometry"], swiftSettings: cpuSettings),
        // Head pose, gaze, blendshapes, smoothing, pose tracks and their file formats.
        .target(name: "Motion", dependencies: ["FaceGeometry", "Imaging", "OutputFiles"]),
        // Triangulation, mesh warping, mouth and eye synthesis, compositing: pixels from motion.
        .target(name: "Rendering", dependencies: ["Imaging", "FaceGeometry", "Motion"], swiftSettings: cpuSettings),
        .target(
            name: "ActOne", dependencies: ["MediaIO", "Imaging", "FaceGeometry", "FaceTracking", "Motion", "Rendering", "OutputFiles"]),
        .executableTarget(
            name: "actone",
            dependencies: ["ActOne", "OutputFiles", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Streams a real clip through VideoReader -> VideoWriter and times it against the ffmpeg CLI.
        .executableTarget(name: "mediaio-bench", dependencies: ["MediaIO"], path: "Benchmarks/mediaio-bench"),
        // Times each face model in NeuralRuntime (one thread); Scripts/bench-models adds LiteRT's times.
        .executableTarget(name: "models-bench", dependencies: ["NeuralRuntime"], path: "Benchmarks/models-bench"),
        // The project's own scripted performance (blink, smile, talk, gaze, head turn) as a pose
        // track from the landmarks of a portrait (Scripts/make-performance -> Samples/performance.track.json).
        .executableTarget(
            name: "make-performance", dependencies: ["ActOne", "Motion", "FaceTracking", "FaceGeometry"],
            path: "Tools/make-performance"),
        // The project evaluation of `actone render`: self- and cross-reenactment, jitter (Scripts/eval-render).
        .executableTarget(
            name: "render-eval", dependencies: ["ActOne", "MediaIO", "Motion", "Imaging", "FaceTracking", "FaceGeometry"],
            path: "Benchmarks/render-eval"),

        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "OutputFilesTests", dependencies: ["OutputFiles"]),
        .testTarget(name: "NeuralRuntimeTests", dependencies: ["NeuralRuntime"], exclude: ["Fixtures"]),
        .testTarget(name: "MediaIOTests", dependencies: ["MediaIO", "Imaging", "OutputFiles"], exclude: ["Fixtures"]),
        .testTarget(
            name: "FaceTrackingTests", dependencies: ["FaceTracking", "MediaIO", "Imaging", "NeuralRuntime", "FaceGeometry"],
            exclude: ["Fixtures"]),
        .testTarget(name: "MotionTests", dependencies: ["Motion", "FaceTracking", "MediaIO", "Imaging", "OutputFiles", "FaceGeometry"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Motion", "Imaging", "FaceGeometry"]),
        .testTarget(name: "ActOneTests", dependencies: ["ActOne", "Motion", "FaceTracking", "Imaging", "FaceGeometry"]),
        // Runs the built `actone` binary as a user would.
        .testTarget(
            name: "CLITests", dependencies: ["actone", "MediaIO", "Imaging", "Motion", "FaceTracking", "FaceGeometry"],
            exclude: ["Fixtures"]),
    ]
)
