/// Where each stored value of a sparse constant goes in its dense, row-major layout.
///
/// TFLite stores sparse constants in the TACO format (schema.fbs, SparsityParameters): the tensor's
/// dimensions, optionally split into blocks, are visited in `traversal_order`; at each level a
/// DENSE dimension stores every index, a SPARSE_CSR one only those listed (`array_segments[n]..<
/// array_segments[n + 1]` of `array_indices` for the n-th node of the level above). The stored
/// values are the leaves of that walk, in order. A block dimension j splits original dimension
/// `block_map[j]` into (size / block, block): its index is the inner one.
///
/// `face_detection_full_range_sparse.tflite` stores 46 weights this way (1×1 convolutions, only the
/// input-channel dimension sparse), each followed by a DENSIFY operator; the loader expands them
/// here so kernels only see dense data, and folds the DENSIFY away.
struct SparseLayout {
    /// The dense row-major index of each stored value, in storage order.
    let denseIndices: [Int]

    struct Error: Swift.Error, Sendable {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The most dimensions (original plus block) expanded; real models use four.
    static let maximumLevels = 16

    /// Checks `sparsity` against the tensor's dense `shape` and the number of values stored, then
    /// walks it. The checks bound the walk: at most `levels` × dense element count steps.
    init(_ sparsity: FileSparsity, shape: [Int], storedCount: Int) throws(Error) {
        let rank = shape.count
        let order = sparsity.traversalOrder.map { Int($0) }
        let blockMap = sparsity.blockMap.map { Int($0) }
        let levels = rank + blockMap.count
        let dimensions = sparsity.dimensions
        let denseCount = shape.reduce(1, *)  // the caller has checked it does not overflow

        guard levels <= Self.maximumLevels else { throw Error("\(levels) dimensions, more than \(Self.maximumLevels)") }
        guard order.count == levels, dimensions.count == levels else {
            throw Error(
                "traversal_order has \(order.count) entries and dim_metadata \(dimensions.count); "
                    + "a rank-\(rank) tensor with \(blockMap.count) block dimensions needs \(levels) of each")
        }
        guard order.prefix(rank).sorted() == Array(0..<rank), order.dropFirst(rank).sorted() == Array(rank..<levels) else {
            throw Error("traversal_order \(order) does not list the tensor's dimensions and then its block dimensions")
        }
        guard blockMap.allSatisfy({ 0 <= $0 && $0 < rank }), Set(blockMap).count == blockMap.count else {
            throw Error("block_map \(blockMap) does not name distinct dimensions of a rank-\(rank) tensor")
        }

        // Sizes of the blocked dimensions: original ones divided by their block, then the blocks.
        var blockSizes = [Int](repeating: 0, count: blockMap.count)
        for level in rank..<levels {
            let dimension = dimensions[level]
            guard !dimension.isSparse, dimension.denseSize > 0 else {
                throw Error("block dimension \(order[level] - rank) must be dense with a positive size")
            }
            blockSizes[order[level] - rank] = Int(dimension.denseSize)
        }
        var blockedShape = shape + blockSizes
        for (block, dimension) in blockMap.enumerated() {
            guard shape[dimension] % blockSizes[block] == 0 else {
                throw Error("dimension \(dimension) (size \(shape[dimension])) is not a whole number of \(blockSizes[block])-blocks")
            }
            blockedShape[dimension] = shape[dimension] / blockSizes[block]
        }

        // Check every level so the walk below needs no checks: indices in range, segments
        // consistent, never more nodes than the dense tensor has elements.
        var nodes = 1
        for level in 0..<levels {
            let size = blockedShape[order[level]]
            let dimension = dimensions[level]
            if dimension.isSparse {
                let segments = dimension.segments, indices = dimension.indices
                guard segments.count == nodes + 1, segments.first == 0, Int(segments[nodes]) == indices.count,
                    zip(segments, segments.dropFirst()).allSatisfy({ $0 <= $1 })
                else {
                    throw Error(
                        "level \(level): array_segments (\(segments.count) entries) do not partition "
                            + "\(indices.count) indices among \(nodes) nodes")
                }
                guard indices.allSatisfy({ 0 <= $0 && Int($0) < size }) else {
                    throw Error("level \(level): array_indices has an index outside 0..<\(size)")
                }
                nodes = indices.count
            } else {
                guard Int(dimension.denseSize) == size else {
                    throw Error("level \(level): dense_size \(dimension.denseSize), the dimension has size \(size)")
                }
                nodes *= size
            }
            guard nodes <= denseCount else {
                throw Error("level \(level) has \(nodes) nodes, more than the tensor's \(denseCount) elements")
            }
        }
        guard nodes == storedCount else {
            throw Error("the layout places \(nodes) values, the buffer holds \(storedCount)")
        }

        // An index at each level moves the dense position by that level's stride: the dimension's
        // row-major stride, times the block size for the outer index of a blocked dimension; a
        // block dimension's index moves within the block, by its original dimension's stride.
        var strides = [Int](repeating: 1, count: rank)
        for dimension in stride(from: rank - 2, through: 0, by: -1) {
            strides[dimension] = strides[dimension + 1] * shape[dimension + 1]
        }
        let levelStrides = order.map { dimension -> Int in
            if dimension >= rank { return strides[blockMap[dimension - rank]] }
            return strides[dimension] * (blockMap.firstIndex(of: dimension).map { blockSizes[$0] } ?? 1)
        }

        // Walk the levels depth first; each leaf is the next stored value.
        var result: [Int] = []
        result.reserveCapacity(storedCount)
        func visit(level: Int, node: Int, position: Int) {
            guard level < levels else {
                result.append(position)
                return
            }
            let levelStride = levelStrides[level]
            if dimensions[level].isSparse {
                let segments = dimensions[level].segments, indices = dimensions[level].indices
                for entry in Int(segments[node])..<Int(segments[node + 1]) {
                    visit(level: level + 1, node: entry, position: position + Int(indices[entry]) * levelStride)
                }
            } else {
                let size = Int(dimensions[level].denseSize)
                for index in 0..<size {
                    visit(level: level + 1, node: node * size + index, position: position + index * levelStride)
                }
            }
        }
        visit(level: 0, node: 0, position: 0)
        denseIndices = result
    }

    /// The dense tensor of `count` elements holding `values` at their places and zero elsewhere.
    func expand(_ values: ConstantData, count: Int) -> ConstantData {
        // One loop per element type rather than a generic one: unspecialized generic code (as in
        // debug builds) would cost a metadata lookup per element.
        switch values {
        case .float32(let stored):
            precondition(stored.count == denseIndices.count)
            var dense = [Float](repeating: 0, count: count)
            for i in stored.indices { dense[denseIndices[i]] = stored[i] }
            return .float32(dense)
        case .int32(let stored):
            precondition(stored.count == denseIndices.count)
            var dense = [Int32](repeating: 0, count: count)
            for i in stored.indices { dense[denseIndices[i]] = stored[i] }
            return .int32(dense)
        }
    }
}
