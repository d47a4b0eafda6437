// The Swift standard library has `squareRoot()` and rounding but no trigonometry or logarithms.
// Rather than pull in Foundation for a handful of functions, Imaging calls the C library through
// these wrappers, so the platform switch lives in this one file.

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(ucrt)
    import ucrt
#endif

/// C maths functions under names that cannot be shadowed by members called `exp` or `log10`.
enum PlatformMath {
    static func cosine(_ x: Float) -> Float { cosf(x) }
    static func sine(_ x: Float) -> Float { sinf(x) }
    static func naturalExp(_ x: Double) -> Double { exp(x) }
    static func logBase10(_ x: Double) -> Double { log10(x) }
}
