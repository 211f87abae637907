/// The base64 HMAC-SHA256 of Svix's signed content, `"\(id).\(timestamp).\(body)"`
/// (PROTOCOL.md §1.2), absorbed piece by piece so the body is never copied.
///
/// The timestamp is written as its canonical decimal, as every official library does when
/// verifying (Go `%d` of the parsed value, JS `Math.floor(date / 1000)`, Rust `{timestamp}`):
/// for a header such as `"01614265330"` they all sign `1614265330`.
func webhookSignature(keyed mac: HMACSHA256, id: String, timestamp: Int64, body: [UInt8]) -> String {
    var mac = mac
    mac.update(id.utf8)
    mac.update(CollectionOfOne(UInt8(ascii: ".")))
    mac.update(String(timestamp).utf8)
    mac.update(CollectionOfOne(UInt8(ascii: ".")))
    mac.update(body)
    return Base64.encode(mac.finalize())
}
