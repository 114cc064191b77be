import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file into one byte array with plain read(2): no Data bridging, one allocation.
public enum FileBytes {
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw PeakTradeError.io("\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw PeakTradeError.io("\(path): cannot stat: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw PeakTradeError.io("\(path): is a directory, expected a file") }
        var capacity = max(Int(st.st_size), 0)
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == capacity {
                capacity = max(capacity * 2, 65536)  // pipes and /proc files report size 0
                bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, capacity - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PeakTradeError.io("\(path): read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
