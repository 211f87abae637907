/// Writes a response head and body into a connection's output buffer, framed by Content-Length.
enum ResponseSerializer {
    enum ConnectionField {
        /// HTTP/1.1 persistent: no field needed.
        case none
        case close
        /// An HTTP/1.0 client that asked to keep the connection (RFC 9112 §9.3).
        case keepAlive
    }

    static let crlf: [UInt8] = [ASCII.cr, ASCII.lf]
    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response`. For HEAD `omitBody` keeps Content-Length but drops the bytes (RFC 9110 §9.3.2).
    static func append(_ response: HTTPResponse, omitBody: Bool, connection: ConnectionField,
                       dateLine: [UInt8], to out: inout [UInt8]) {
        let status = (100...999).contains(response.status) ? response.status : 500
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, to: &out)
        out.append(ASCII.space)
        out.append(contentsOf: HTTPStatus.reason(status).utf8)
        out.append(contentsOf: crlf)

        var hasDate = false
        for field in response.headers {
            // Framing belongs to the server; the rest is copied unless it could split the response.
            if isFraming(field.name) { continue }
            guard isValidName(field.name), isValidValue(field.value) else { continue }
            if !hasDate && field.name.equalsIgnoringASCIICase("Date") { hasDate = true }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: crlf)
        }
        if !hasDate { out.append(contentsOf: dateLine) }

        let forbidsBody = HTTPStatus.forbidsBody(status)
        // RFC 9110 §8.6: no Content-Length on 1xx and 204; on 304 it would describe another response.
        if !forbidsBody {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        switch connection {
        case .none: break
        case .close: out.append(contentsOf: "Connection: close\r\n".utf8)
        case .keepAlive: out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
        if !omitBody && !forbidsBody { out.append(contentsOf: response.body) }
    }

    /// A minimal response the server makes itself (errors, limits, refusals); always closes.
    static func appendError(_ status: Int, dateLine: [UInt8], to out: inout [UInt8]) {
        let body = HTTPStatus.reason(status) + "\n"
        append(HTTPResponse.text(status, body), omitBody: false, connection: .close, dateLine: dateLine, to: &out)
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value >= 10 else {
            out.append(UInt8(ascii: "0") + UInt8(max(value, 0)))
            return
        }
        appendDecimal(value / 10, to: &out)
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private static func isFraming(_ name: String) -> Bool {
        name.equalsIgnoringASCIICase("Content-Length") || name.equalsIgnoringASCIICase("Transfer-Encoding")
            || name.equalsIgnoringASCIICase("Connection")
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ASCII.isTokenChar[Int($0)] }
    }

    private static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { ASCII.isFieldValueChar[Int($0)] }
    }
}
