/// The builtin TFLite operators this runtime implements, one kernel file each.
extension KernelRegistry {
    public static let builtins = KernelRegistry([:])
}
