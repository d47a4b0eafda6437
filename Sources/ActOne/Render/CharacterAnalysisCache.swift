import Foundation

/// Character analyses shared by the renders of one batch: each character image is loaded, its
/// face found and its rig built once, not once per clip (finding a face costs the still-image
/// detector and two mesh passes, about as long as rendering 10-20 frames).
///
/// A batch goes clip by clip, each clip on every character, so every character is wanted again
/// soon: the cache keeps as many as fit in `byteBudget` (least recently used out first). A
/// failure (no face, not a human face) is kept too: it would fail the same way for every clip.
/// Jobs asking for a character another job is analysing wait for that analysis.
public final class CharacterAnalysisCache: @unchecked Sendable {
    /// 256 MB: about 40 characters at 1920×1080, the largest side an analysis keeps.
    public static let defaultByteBudget = 256 << 20

    private struct Key: Hashable {
        var path: String
        var keepAlpha: Bool
    }

    private enum Slot {
        case analysing
        case done(Result<CharacterAnalysis, Error>, bytes: Int, lastUse: Int)
    }

    private let byteBudget: Int
    private let condition = NSCondition()
    private var slots: [Key: Slot] = [:]
    private var clock = 0
    /// How many analyses were made (not taken from the cache), for tests and reports.
    public private(set) var analysesMade = 0

    public init(byteBudget: Int = CharacterAnalysisCache.defaultByteBudget) {
        self.byteBudget = byteBudget
    }

    /// The character's analysis, made by `analyse` the first time it is asked for.
    func analysis(path: String, keepAlpha: Bool, analyse: () throws -> CharacterAnalysis) throws -> CharacterAnalysis {
        let key = Key(path: path, keepAlpha: keepAlpha)
        condition.lock()
        while true {
            switch slots[key] {
            case .analysing?:
                condition.wait()
                continue
            case .done(let result, let bytes, _)?:
                clock += 1
                slots[key] = .done(result, bytes: bytes, lastUse: clock)
                condition.unlock()
                return try result.get()
            case nil:
                slots[key] = .analysing
                analysesMade += 1
            }
            break
        }
        condition.unlock()

        let result = Result { try analyse() }
        let bytes = (try? result.get()).map(Self.size) ?? 0
        condition.lock()
        clock += 1
        slots[key] = .done(result, bytes: bytes, lastUse: clock)
        evict(keeping: key)
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }

    /// Drops the least recently used analyses until the rest fit the budget (`key`, just made,
    /// always stays). Called with the lock held.
    private func evict(keeping key: Key) {
        func held() -> Int {
            slots.values.reduce(0) { total, slot in
                if case .done(_, let bytes, _) = slot { total + bytes } else { total }
            }
        }
        while held() > byteBudget {
            let oldest = slots.compactMap { entry -> (Key, Int)? in
                guard entry.key != key, case .done(_, _, let lastUse) = entry.value else { return nil }
                return (entry.key, lastUse)
            }.min { $0.1 < $1.1 }
            guard let oldest else { return }
            slots[oldest.0] = nil
        }
    }

    private static func size(_ analysis: CharacterAnalysis) -> Int {
        analysis.image.width * analysis.image.height * (analysis.alpha == nil ? 3 : 4)
    }
}
