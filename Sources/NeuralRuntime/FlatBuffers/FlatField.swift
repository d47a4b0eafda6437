/// A field of a FlatBuffers table: its id, which is its position in the table's declaration in the
/// schema (counting from 0; a union field takes two ids, its type's and then its value's), and its
/// schema name, which error messages use.
struct FlatField: Sendable {
    let id: Int
    let name: String

    init(_ id: Int, _ name: String) {
        self.id = id
        self.name = name
    }
}

/// A union field: a one-byte type (0 means NONE) stored under `id`, and an offset to the value
/// table stored under `id + 1`. The schema file declares it once, as `name`; the type field is
/// named `name_type`, as in FlatBuffers' generated code.
struct FlatUnionField: Sendable {
    let type: FlatField
    let value: FlatField

    /// `id` is the id of the union's type field (the union's first id).
    init(_ id: Int, _ name: String) {
        self.type = FlatField(id, "\(name)_type")
        self.value = FlatField(id + 1, name)
    }
}

/// A union's value: the type code the buffer stores, and the table it points to, which the caller
/// reads as the table type that code stands for.
struct FlatUnion {
    let type: UInt8
    let table: FlatTable
}
