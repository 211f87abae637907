/// Clerk-style object ids: a prefix and 27 base62 characters, the KSUID layout Clerk's ids
/// follow (`user_2g7np7Hrk0SN6kj5EDMLDaKNL0S`): 4 bytes of seconds since 2014-05-13, then 16
/// bytes of payload. Recent timestamps give the familiar leading `2`.
///
/// The payload carries a number (a user's index, a session's number) so that an id maps back
/// to its object without a scan, and a keyed check so that ids of another seed, or ids
/// made up by hand, are not mistaken for ours:
/// `payload = check (8 bytes) ++ (value XOR mix(check)) (8 bytes)`,
/// `check = hash(seed, kind, value)`.
enum ClerkID {
    /// What the id names; part of the check, so a session id never decodes as a user id.
    enum Kind: UInt64 {
        case user = 1, emailAddress, phoneNumber, externalAccount, identification, session, client
        case sessionActivity, instance, message, image
    }

    /// KSUID's epoch, 1,400,000,000 s after the Unix epoch.
    static let epochSeconds: Int64 = 1_400_000_000
    static let length = 27
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let digitValue: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = Int8(value) }
        return table
    }()

    /// `prefix` + 27 characters, for `value` of `kind`, stamped with `milliseconds`.
    static func make(_ prefix: StaticString, kind: Kind, value: UInt64, milliseconds: Int64, seed: UInt64) -> String {
        let check = SplitMix64.hash(seed, kind.rawValue, value)
        let masked = value ^ SplitMix64.finalize(check)
        // The 160-bit number as five big-endian 32-bit limbs: seconds, check (2), masked value (2).
        var limbs = (Self.seconds(forMilliseconds: milliseconds), UInt32(truncatingIfNeeded: check >> 32),
                     UInt32(truncatingIfNeeded: check), UInt32(truncatingIfNeeded: masked >> 32),
                     UInt32(truncatingIfNeeded: masked))
        let head = prefix.utf8Buffer
        return String(unsafeUninitializedCapacity: head.count + length) { out in
            _ = out.initialize(from: head)
            var position = head.count + length
            // Long division by 62^5 (which fits in 32 bits), five digits a pass, right to left:
            // five passes give 25 digits, and what is left is below 62^2.
            for pass in 0..<6 {
                var remainder: UInt64 = 0
                func divide(_ limb: inout UInt32) {
                    let current = remainder << 32 | UInt64(limb)
                    limb = UInt32(current / 916_132_832)
                    remainder = current % 916_132_832
                }
                divide(&limbs.0)
                divide(&limbs.1)
                divide(&limbs.2)
                divide(&limbs.3)
                divide(&limbs.4)
                for _ in 0..<(pass < 5 ? 5 : 2) {
                    position -= 1
                    out[position] = alphabet[Int(remainder % 62)]
                    remainder /= 62
                }
            }
            return head.count + length
        }
    }

    /// The value and seconds (since the KSUID epoch) of an id made by `make` with this seed and
    /// kind, or nil for anything else.
    static func decode(_ id: some StringProtocol, prefix: StaticString, kind: Kind, seed: UInt64)
        -> (value: UInt64, seconds: UInt32)? {
        let bytes = Array(id.utf8)
        let head = prefix.utf8Buffer
        guard bytes.count == head.count + length, bytes.starts(with: head) else { return nil }
        var limbs = [UInt32](repeating: 0, count: 5)
        for symbol in bytes[head.count...] {
            let digit = digitValue[Int(symbol)]
            guard digit >= 0 else { return nil }
            var carry = UInt64(digit)
            for limb in limbs.indices.reversed() {
                let current = UInt64(limbs[limb]) * 62 + carry
                limbs[limb] = UInt32(truncatingIfNeeded: current)
                carry = current >> 32
            }
            guard carry == 0 else { return nil }
        }
        let check = UInt64(limbs[1]) << 32 | UInt64(limbs[2])
        let value = (UInt64(limbs[3]) << 32 | UInt64(limbs[4])) ^ SplitMix64.finalize(check)
        guard SplitMix64.hash(seed, kind.rawValue, value) == check else { return nil }
        return (value, limbs[0])
    }

    /// The seconds field `make` writes for a timestamp in milliseconds.
    static func seconds(forMilliseconds milliseconds: Int64) -> UInt32 {
        UInt32(clamping: max(0, milliseconds / 1000 - epochSeconds))
    }
}

extension StaticString {
    /// The bytes of an ASCII literal.
    var utf8Buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount)
    }
}
