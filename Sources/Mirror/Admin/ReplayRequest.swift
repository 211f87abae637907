/// The body of `POST /admin/dead-letters/replay`: `{"ids":["msg_...",...]}` or `{"all":true}`.
enum ReplayRequest: Equatable {
    case ids([String])
    case all

    /// Nil when the body is neither form (both at once included).
    init?(body: [UInt8]) {
        guard let object = JSONObjectView(body) else { return nil }
        let all = object.bool("all")
        let idsRange = object.range("ids")
        switch (all, idsRange) {
        case (true?, nil):
            self = .all
        case (nil, let range?), (false?, let range?):
            guard let elements = JSONSlicer.elements(of: body, in: range) else { return nil }
            let ids = elements.compactMap { JSONSlicer.string(body, $0) }
            guard ids.count == elements.count, !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty }) else { return nil }
            self = .ids(ids)
        default:
            return nil
        }
    }
}
