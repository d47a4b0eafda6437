import Foundation

/// A pseudo-terminal for a test to play the user at a terminal: the command reads the
/// terminal's end (`terminal`, given as its standard input), the test types on the other end
/// and reads back what the terminal would have shown (its echo).
final class PseudoTerminal {
    private let controller: Int32
    let terminal: FileHandle

    init() throws {
        controller = Self.posixOpenpt(O_RDWR | O_NOCTTY)
        var name = [CChar](repeating: 0, count: 128)
        guard controller >= 0, Self.grantpt(controller) == 0, Self.unlockpt(controller) == 0,
            Self.ptsnameR(controller, &name, name.count) == 0
        else { throw POSIXError(.ENXIO) }
        let end = open(name, O_RDWR | O_NOCTTY)
        guard end >= 0 else { throw POSIXError(.ENXIO) }
        terminal = FileHandle(fileDescriptor: end, closeOnDealloc: true)
        // Reads of the echo never wait.
        _ = fcntl(controller, F_SETFL, fcntl(controller, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(controller) }

    // The C library's pseudo-terminal calls, which Swift's Glibc module leaves out (glibc declares
    // them for _XOPEN_SOURCE only): looked up by name in the running process.
    private typealias DescriptorCall = @convention(c) (Int32) -> Int32
    private typealias NameCall = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
    private static func libc<T>(_ name: String, as type: T.Type) -> T {
        unsafeBitCast(dlsym(dlopen(nil, RTLD_NOW), name)!, to: type)
    }
    private static let posixOpenpt = libc("posix_openpt", as: DescriptorCall.self)
    private static let grantpt = libc("grantpt", as: DescriptorCall.self)
    private static let unlockpt = libc("unlockpt", as: DescriptorCall.self)
    private static let ptsnameR = libc("ptsname_r", as: NameCall.self)

    /// The terminal's settings now (as `stty` shows them).
    var settings: termios {
        var settings = termios()
        tcgetattr(terminal.fileDescriptor, &settings)
        return settings
    }

    /// Whether keys are read one at a time (non-canonical) without being echoed.
    var readsSingleKeysSilently: Bool { settings.c_lflag & tcflag_t(ICANON | ECHO) == 0 }

    /// Types `text` as the user would, without an Enter unless it holds one.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// What the terminal showed (echoed) since the last call, without waiting.
    func shown() -> [UInt8] {
        var shown: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
            guard count > 0 else { return shown }
            shown += buffer[..<count]
        }
    }
}
