/// One value per direction, read without hashing.
struct PerDirection<Value: Sendable>: Sendable {
    var ingress: Value
    var egress: Value

    subscript(direction: Direction) -> Value {
        direction == .ingress ? ingress : egress
    }

    /// Changes one direction's value in place (a subscript setter would copy it whole first).
    mutating func update(_ direction: Direction, _ body: (inout Value) -> Void) {
        if direction == .ingress { body(&ingress) } else { body(&egress) }
    }
}
