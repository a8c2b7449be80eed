import Foundation

/// A model type the AdmissionReview path builds from a JSON object's keyed container, field by field with the
/// concrete `decodeIfPresent` overloads. `JSONDecoder` stays the decoder; these readings only choose the cheapest
/// calls of its `Decoder` API (BENCHMARKS.md, "Where the time goes"). The model's own `Decodable` conformances
/// stay as they are; lint builds the model from YAML with its own `PolicyBuilder`.
///
/// Each reading decodes its fields in declaration order, as the synthesized conformances did, so the first error
/// of a body with several is the same one.
protocol JSONObjectReadable {
    associatedtype JSONKey: CodingKey
    init(json container: KeyedDecodingContainer<JSONKey>) throws
}

/// An element of a JSON list of objects: a `null` element is the type's Go zero value, as Go's decoder makes it.
protocol JSONListElement: JSONObjectReadable {
    static var zero: Self { get }
}

/// An optional object field: `decodeIfPresent(T.JSONObject.self, forKey:)` looks the key up once, leaves `null`
/// out, and opens the object's container. Each model type has its own non-generic wrapper: `JSONDecoder` reaches
/// `init(from:)` through the `Decodable` witness table, and a generic wrapper's witness is its unspecialized code,
/// which looks up `KeyedDecodingContainer<Key>`, `Array<Element>` and its own metadata at run time on every call.
protocol JSONObjectField: Decodable {
    associatedtype Value: JSONObjectReadable
    var value: Value { get }
    init(value: Value)
}

extension JSONObjectField {
    init(from decoder: any Decoder) throws {
        self.init(value: try Value(json: decoder.container(keyedBy: Value.JSONKey.self)))
    }
}

/// A list of objects, each read through the list's `nestedContainer(keyedBy:)` rather than a decoder per element;
/// non-generic per element type, as `JSONObjectField`.
protocol JSONObjectListField: Decodable {
    associatedtype Element: JSONListElement
    var value: [Element] { get }
    init(value: [Element])
}

extension JSONObjectListField {
    init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        var value: [Element] = []
        value.reserveCapacity(list.count ?? 0)
        while !list.isAtEnd {
            if try list.decodeNil() {
                value.append(.zero)
            } else {
                value.append(try Element(json: list.nestedContainer(keyedBy: Element.JSONKey.self)))
            }
        }
        self.init(value: value)
    }
}

/// `[]string`: a `null` element is `""`, as Go's decoder makes it.
struct JSONStringList: Decodable {
    var value: [String]

    init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        var value: [String] = []
        value.reserveCapacity(list.count ?? 0)
        while !list.isAtEnd {
            value.append(try list.decodeIfPresent(String.self) ?? "")
        }
        self.value = value
    }
}

/// `map[string]string`: a `null` value is `""`, as Go's decoder makes it. Of repeated keys the first counts,
/// as with `JSONDecoder`'s own dictionaries.
struct JSONStringMap: Decodable {
    var value: [String: String]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONMapKey.self)
        let keys = object.allKeys
        var value = [String: String](minimumCapacity: keys.count)
        for key in keys {
            value[key.stringValue] = try object.decodeIfPresent(String.self, forKey: key) ?? ""
        }
        self.value = value
    }
}

/// A key of a JSON object read as a map. Like the standard library's dictionary key, a key that reads as an
/// integer has that `intValue` (so decoding errors name the field as before); it is worked out only when asked.
struct JSONMapKey: CodingKey {
    let stringValue: String

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
    }

    var intValue: Int? { Int(stringValue) }
}

extension KeyedDecodingContainer {
    /// An optional object field that is usually absent, read through `contains` and the container's own
    /// `nestedContainer(keyedBy:forKey:)`: a peer sets one of its three selectors, so two of every three fields
    /// read are absent. An absent field then costs one hash, where `decodeIfPresent` of the field's wrapper type
    /// also enters `JSONDecoder`'s generic code, which looks up `Optional<Key>` metadata at run time in a cache the
    /// event loop threads share; a present field costs one hash more and two look-ups fewer. Fields that are
    /// usually present keep `decodeIfPresent` (BENCHMARKS.md, "Absent fields read through contains").
    ///
    /// A `null` field is absent, as with `decodeIfPresent`; a field of another type throws the error opening the
    /// container throws, the same error and path `decodeIfPresent` reports.
    func objectIfPresent<T: JSONObjectReadable>(_: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        let object: KeyedDecodingContainer<T.JSONKey>
        do {
            object = try nestedContainer(keyedBy: T.JSONKey.self, forKey: key)
        } catch {
            if try decodeNil(forKey: key) { return nil }
            throw error
        }
        return try T(json: object)
    }
}
