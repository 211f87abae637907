import Glibc

/// epoll, eventfd and accept4, which Swift's Glibc module does not import (no <sys/epoll.h>).
///
/// The package has no C targets of its own, so the symbols are looked up once in libc with dlsym
/// and called through `@convention(c)` pointers; constants are the stable Linux ABI values.
enum Epoll {
    static let inEvent: UInt32 = 0x001
    static let outEvent: UInt32 = 0x004
    static let errorEvent: UInt32 = 0x008
    static let hangUpEvent: UInt32 = 0x010
    static let readHangUpEvent: UInt32 = 0x2000
    static let edgeTriggered: UInt32 = 1 << 31

    static let controlAdd: Int32 = 1
    static let controlDelete: Int32 = 2

    static let closeOnExec: Int32 = 0o2000000
    static let nonBlocking: Int32 = 0o4000

    /// struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    #if arch(x86_64)
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif

    typealias CreateFunction = @convention(c) (Int32) -> Int32
    typealias ControlFunction = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias WaitFunction = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFDFunction = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4Function = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        let handle = dlopen(nil, RTLD_NOW)
        guard let pointer = dlsym(handle, name) else { fatalError("libc symbol \(name) not found") }
        return unsafeBitCast(pointer, to: type)
    }

    nonisolated(unsafe) static let create1 = symbol("epoll_create1", as: CreateFunction.self)
    nonisolated(unsafe) static let control = symbol("epoll_ctl", as: ControlFunction.self)
    nonisolated(unsafe) static let wait = symbol("epoll_wait", as: WaitFunction.self)
    nonisolated(unsafe) static let eventfd = symbol("eventfd", as: EventFDFunction.self)
    nonisolated(unsafe) static let accept4 = symbol("accept4", as: Accept4Function.self)

    /// epoll_ctl with an event built from flags and a 64-bit cookie.
    static func control(_ epollFD: Int32, _ operation: Int32, _ fd: Int32, events: UInt32, data: UInt64) -> Int32 {
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: data, toByteOffset: dataOffset, as: UInt64.self)
            return control(epollFD, operation, fd, raw.baseAddress)
        }
    }

    /// Flags and cookie of the event at `index` in a buffer filled by epoll_wait.
    static func event(at index: Int, in buffer: UnsafeMutableRawBufferPointer) -> (events: UInt32, data: UInt64) {
        let offset = index * eventSize
        return (buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self),
                buffer.loadUnaligned(fromByteOffset: offset + dataOffset, as: UInt64.self))
    }
}
