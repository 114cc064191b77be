#!/usr/bin/env python3
"""Console start-up and idle benchmarks in a real pseudo-terminal (200x50).

- start to first frame: from fork/exec to the first screen bytes carrying the header ("Peak_Trade ops");
- idle CPU: the console open with the feed paused (key p), CPU time of the process over a quiet window,
  read from /proc/PID/stat, as a share of one core.

Usage: swift build -c release --product peaktrade && python3 scripts/bench_console.py .build/release/peaktrade [RUNS]
"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

BIN = sys.argv[1] if len(sys.argv) > 1 else ".build/release/peaktrade"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
IDLE_SECONDS = 20
TICK = os.sysconf("SC_CLK_TCK")


def spawn():
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "USER": "bench"})
        os.execv(BIN, [BIN])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    return pid, fd, t0


def read_until(fd, marker, timeout=10.0):
    seen, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            seen += os.read(fd, 65536)
            if marker in seen:
                return time.monotonic()
    raise SystemExit(f"no {marker!r} within {timeout}s")


def drain(fd, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def finish(pid, fd):
    os.write(fd, b"q")
    drain(fd, 1.0)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status)


firsts = []
for i in range(RUNS):
    pid, fd, t0 = spawn()
    firsts.append((read_until(fd, b"Peak_Trade ops") - t0) * 1000)
    drain(fd, 0.3)
    code = finish(pid, fd)
    if code != 0:
        raise SystemExit(f"run {i}: exit {code}")
firsts.sort()
print(f"start to first frame ({RUNS} runs): median {statistics.median(firsts):.0f} ms, min {firsts[0]:.0f} ms, max {firsts[-1]:.0f} ms")

pid, fd, _ = spawn()
read_until(fd, b"order notional", 30)  # the feed has loaded and the shadow book is warm
os.write(fd, b"p")
drain(fd, 3.0)
before, t = cpu_ticks(pid), time.monotonic()
drain(fd, IDLE_SECONDS)
used = (cpu_ticks(pid) - before) / TICK
elapsed = time.monotonic() - t
print(f"idle, feed paused: {used:.2f} s CPU in {elapsed:.0f} s = {100 * used / elapsed:.2f} % of one core")
os.write(fd, b"p")
drain(fd, 3.0)
before, t = cpu_ticks(pid), time.monotonic()
drain(fd, 10)
used = (cpu_ticks(pid) - before) / TICK
elapsed = time.monotonic() - t
print(f"running, replay at 4 bars/s: {used:.2f} s CPU in {elapsed:.0f} s = {100 * used / elapsed:.2f} % of one core")
print(f"exit {finish(pid, fd)}")
