/// The explicit map from operator codes to kernel factories. An operator that is not here is an
/// `unsupportedOperator` error when the interpreter is built, never a crash.
public struct KernelRegistry: Sendable {
    private var factories: [OperatorCode: KernelFactory]

    public init(_ factories: [OperatorCode: KernelFactory] = [:]) {
        self.factories = factories
    }

    public mutating func register(_ code: OperatorCode, _ factory: @escaping KernelFactory) {
        factories[code] = factory
    }

    public func factory(for code: OperatorCode) -> KernelFactory? { factories[code] }

    public var supportedOperators: [OperatorCode] { Array(factories.keys) }
}
