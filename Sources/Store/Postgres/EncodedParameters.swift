/// Parameter values laid out for `PQexecPrepared`: one buffer of NUL-terminated text values
/// (binary for blobs), with the pointer, length and format arrays libpq takes.
struct EncodedParameters {
    private var storage: [UInt8] = []
    private var offsets: [Int?] = []
    private var lengths: [Int32] = []
    private var formats: [Int32] = []

    init(_ arguments: [SQLValue]) {
        for argument in arguments {
            switch argument {
            case .null:
                append(nil, format: 0)
            case .integer(let number):
                append(Array(String(number).utf8), format: 0)
            case .real(let number):
                append(Array(number.description.utf8), format: 0)
            case .text(let text):
                append(Array(text.utf8), format: 0)
            case .blob(let bytes):
                append(bytes, format: 1) // binary: no escaping, exact bytes
            }
        }
    }

    private mutating func append(_ bytes: [UInt8]?, format: Int32) {
        guard let bytes else {
            offsets.append(nil)
            lengths.append(0)
            formats.append(format)
            return
        }
        offsets.append(storage.count)
        storage.append(contentsOf: bytes)
        storage.append(0)
        lengths.append(Int32(clamping: bytes.count))
        formats.append(format)
    }

    mutating func withPointers<R>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        let offsets = self.offsets
        let lengths = self.lengths
        let formats = self.formats
        return storage.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard let offset, let base else { return nil }
                return base + offset
            }
            return pointers.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    formats.withUnsafeBufferPointer { formatBuffer in
                        body(values.baseAddress, lengthBuffer.baseAddress, formatBuffer.baseAddress)
                    }
                }
            }
        }
    }
}
