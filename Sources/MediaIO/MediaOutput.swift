import OutputFiles

/// Runs an output step and reports its failure as a `MediaError`, so media writers keep one
/// error type (typed throws do not convert by themselves).
func mediaOutput<T>(_ step: () throws(OutputError) -> T) throws(MediaError) -> T {
    do { return try step() } catch { throw .output(error) }
}
