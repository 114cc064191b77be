#if canImport(Glibc)
import Glibc
#endif

public enum System {
    public static var coreCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Peak resident set size of this process in bytes.
    public static var peakResidentBytes: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }
}

/// Hands raw pointers to `concurrentPerform` workers that write disjoint slots; the caller guarantees the
/// memory outlives the call, which is what `concurrentPerform`'s synchronous return gives us.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
