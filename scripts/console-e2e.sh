#!/usr/bin/env bash
# End-to-end test of the console in a real terminal (tmux), as an operator uses it: start it from a clean
# build on the bundled data, read the screen, open help, switch panes, run the data_gap drill on copies, type
# a note, confirm, walk a runbook, quit; then check the screen, the journals, the drill log, the untouched data
# and that the terminal is sane. Also: resize below the minimum, SIGTERM, Ctrl-C, a real crash, the ASCII
# locale, following an appended file, and no TTY -> exit 64.
# Usage: scripts/console-e2e.sh [path/to/peaktrade]   (default: .build/debug/peaktrade)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BIN=$(realpath "${1:-.build/debug/peaktrade}")
[ -x "$BIN" ] || { echo "console-e2e: $BIN not built (swift build first)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "console-e2e: tmux missing; run: sudo apt-get install -y tmux" >&2; exit 1; }

SANDBOX=$(mktemp -d /tmp/peaktrade-e2e.XXXXXX)
SOCKET="pt-e2e-$$"
cleanup() { tmux -L "$SOCKET" kill-server 2>/dev/null || true; }
trap cleanup EXIT
# The repository's config, docs and themes, but state, logs and the drill log in the sandbox.
cp -r config docs themes "$SANDBOX/"
ln -s "$REPO/data" "$SANDBOX/data"
DATA_SUM=$(sha256sum data/*.csv)
CONFIG="$SANDBOX/config/config.toml"

fail() {
  echo "console-e2e: FAIL: $*" >&2
  [ -f "$SANDBOX/screen.txt" ] && { echo "--- last screen ---" >&2; cat "$SANDBOX/screen.txt" >&2; }
  [ -f "$SANDBOX/logs/console.log" ] && { echo "--- logs/console.log ---" >&2; tail -20 "$SANDBOX/logs/console.log" >&2; }
  exit 1
}
screen() { tmux -L "$SOCKET" capture-pane -p -t "$1" > "$SANDBOX/screen.txt" 2>/dev/null || true; cat "$SANDBOX/screen.txt"; }
# wait_for SESSION REGEX [SECONDS]: polls the screen until the pattern shows.
wait_for() {
  local deadline=$((SECONDS + ${3:-20}))
  while [ $SECONDS -lt $deadline ]; do
    screen "$1" | grep -qE -- "$2" && return 0
    sleep 0.2
  done
  fail "waited ${3:-20}s for /$2/ on the screen"
}
wait_gone() {
  local deadline=$((SECONDS + ${3:-10}))
  while [ $SECONDS -lt $deadline ]; do
    screen "$1" | grep -qE -- "$2" || return 0
    sleep 0.2
  done
  fail "/$2/ still on the screen after ${3:-10}s"
}
keys() { tmux -L "$SOCKET" send-keys -t "$1" "${@:2}"; }
text() { tmux -L "$SOCKET" send-keys -t "$1" -l "$2"; }
# start SESSION LOCALE ARGS...: runs the console in a fresh tmux session; afterwards the wrapper shell
# records the exit status and the terminal modes.
cat > "$SANDBOX/run-console.sh" <<LAUNCH
#!/usr/bin/env bash
# run-console.sh NAME LOCALE ARGS...: records its pid (the console's, after exec) for signal tests.
echo \$\$ > "$SANDBOX/\$1.pid"
locale=\$2; shift 2
cd "$SANDBOX" && exec env LC_ALL=\$locale USER=e2e-operator TERM=xterm-256color SWIFT_BACKTRACE=interactive=no "$BIN" "\$@"
LAUNCH
chmod +x "$SANDBOX/run-console.sh"
start() {
  local name=$1
  tmux -L "$SOCKET" new-session -d -s "$name" -x 160 -y 45 \
    "$SANDBOX/run-console.sh $*; echo EXIT=\$? > $SANDBOX/$name.exit; stty -a > $SANDBOX/$name.stty; sleep 600"
}
exit_status() {
  local deadline=$((SECONDS + ${2:-30}))
  while [ $SECONDS -lt $deadline ]; do
    [ -s "$SANDBOX/$1.exit" ] && { cat "$SANDBOX/$1.exit"; return 0; }
    sleep 0.2
  done
  fail "the console in session $1 did not exit"
}
sane() {
  grep -qE '(^|[ ;])icanon' "$SANDBOX/$1.stty" && grep -qE '(^|[ ;])echo ' "$SANDBOX/$1.stty" \
    || fail "terminal left in a broken mode after $1: $(cat "$SANDBOX/$1.stty")"
}

echo "console-e2e: sandbox $SANDBOX"

# 1. Start, read the first frame.
start main C.UTF-8 --config "$CONFIG" --speed 16
wait_for main "SHADOW .*Peak_Trade ops"
wait_for main "Candles BTC/EUR 1h · [0-9]+ candles"
wait_for main "order notional"
screen main | grep -q "replay 16/s" || fail "header does not show the replay speed"

# 2. Help overlay from the key table, closed with esc.
keys main "?"
wait_for main "Help — keys"
screen main | grep -q "start a drill (picker)" || fail "help does not list the drill picker"
keys main Escape
wait_gone main "Help — keys"

# 3. Pane switch.
keys main Tab
wait_for main "▸ Risk"
keys main Tab
wait_for main "▸ Alerts"

# 4. Start the data_gap drill from the command line (copies only) and confirm the dialog.
keys main ":"
text main "drill run data_"
keys main Tab
wait_for main ":drill run data_gap"
keys main Enter
wait_for main "Start drill data_gap \(gap_2h\) on copies"
keys main y
wait_for main "drill data_gap: waiting: operator_ack" 60
screen main | grep -q "\[✓\] auto   gap_detected" || fail "gap_detected not ticked"
screen main | grep -q "time to detect" || fail "no time to detect"
screen main | grep -q "DRILL COPY BTC_EUR-1h.csv" || fail "the chart does not show the drill's damaged copy"

# 5. A note, then confirm the manual criterion.
keys main n
text main "e2e: gap visible in the findings"
keys main Enter
wait_for main "note recorded"
keys main c
wait_for main "VERDICT PASS" 60
screen main | grep -q "DRILL COPY" && fail "the chart still shows the drill copy after the drill"
wait_for main "note [0-9:]+ e2e: gap visible in the findings"
cp "$SANDBOX/screen.txt" "$SANDBOX/drill-screen.txt"

# 6. Walk the first runbook: two steps confirmed, one skipped.
keys main r
wait_for main "Walk a runbook"
keys main Enter
wait_for main "▸ Runbook [a-z-]+ · step 1/"
keys main c
keys main c
keys main x
wait_for main "▸ Runbook [a-z-]+ · step 4/"
screen main | grep -q "✓ 2\." || fail "runbook step 2 not shown as confirmed"
screen main | grep -q "– 3\." || fail "runbook step 3 not shown as skipped"

# 7. Theme and speed changes from the command line and keys.
keys main ":"
text main "theme high-contrast"
keys main Enter
wait_for main "theme high-contrast"
keys main +
wait_for main "replay 32/s"

# 8. Quit: exit 0, terminal sane.
keys main q
[ "$(exit_status main)" = "EXIT=0" ] || fail "quit exit status $(cat "$SANDBOX/main.exit")"
sane main

# 9. What was recorded.
JOURNAL=$(ls "$SANDBOX"/state/drills/console/*e2e-operator.jsonl)
[ "$(grep -c '"type":"runbook_step"' "$JOURNAL")" -eq 3 ] || fail "expected 3 runbook_step entries in $JOURNAL"
grep '"type":"runbook_step"' "$JOURNAL" | grep -q '"status":"skipped"' || fail "the skipped step is not journaled"
for t in console_started drill_start note criterion_confirmed runbook_started theme_changed feed_speed_changed console_quit console_stopped; do
  grep -q "\"type\":\"$t\"" "$JOURNAL" || fail "console journal has no $t entry: $JOURNAL"
done
grep -q '"actor":"e2e-operator"' "$JOURNAL" || fail "journal entries do not name the operator"
DRILL_JOURNAL=$(ls "$SANDBOX"/state/drills/*-data_gap/journal.jsonl)
grep -q '"type":"operator_note"' "$DRILL_JOURNAL" || fail "drill journal has no operator note"
grep -q '"verdict":"PASS"' "$DRILL_JOURNAL" || fail "drill journal has no PASS verdict"
grep -q "e2e: gap visible in the findings" "$SANDBOX/docs/INCIDENT_DRILL_LOG.md" || fail "drill log does not carry the operator's note"
grep -q "^### Operator actions" "$SANDBOX/docs/INCIDENT_DRILL_LOG.md" || fail "drill log has no operator actions section"
grep -qE "^- [0-9:.]+Z e2e-operator note: drill=.*text=e2e: gap visible" "$SANDBOX/docs/INCIDENT_DRILL_LOG.md" || fail "drill log does not list the operator's note as an action"
[ "$(sha256sum data/*.csv)" = "$DATA_SUM" ] || fail "the bundled data changed"

# 10. Resize below the minimum and back.
start resize C.UTF-8 --config "$CONFIG" --speed 1
wait_for resize "Peak_Trade ops"
tmux -L "$SOCKET" resize-window -t resize -x 70 -y 20
wait_for resize "terminal too small: 70x20"
tmux -L "$SOCKET" resize-window -t resize -x 150 -y 40
wait_for resize "SHADOW .*Peak_Trade ops"

# 11. SIGTERM restores the terminal and keeps the signal's status.
kill -TERM "$(cat "$SANDBOX/resize.pid")"
[ "$(exit_status resize)" = "EXIT=143" ] || fail "SIGTERM exit status $(cat "$SANDBOX/resize.exit")"
sane resize

# 12. Ctrl-C quits in order (journaled, exit 0), the terminal sane.
start ctrlc C.UTF-8 --config "$CONFIG" --speed 1
wait_for ctrlc "Peak_Trade ops"
keys ctrlc C-c
[ "$(exit_status ctrlc)" = "EXIT=0" ] || fail "ctrl-c exit status $(cat "$SANDBOX/ctrlc.exit")"
sane ctrlc
[ "$(grep -c '"type":"console_quit"' "$SANDBOX"/state/drills/console/*.jsonl | awk -F: '{s+=$2} END {print s}')" -ge 2 ] \
  || fail "ctrl-c did not quit through the journal"

# 13. A non-UTF-8 locale gets ASCII only.
start ascii C --config "$CONFIG" --speed 1
wait_for ascii "Peak_Trade ops"
wait_for ascii "order notional"
LC_ALL=C grep -qP '[^\x00-\x7F]' "$SANDBOX/screen.txt" && fail "non-ASCII output under LC_ALL=C"
keys ascii q
[ "$(exit_status ascii)" = "EXIT=0" ] || fail "ascii quit status"
sane ascii

# 14. A real crash (a trap, as a failed precondition) restores the terminal too. The console has no crash
# switch, so this uses the curses backend's probe fixture, which shares the console's terminal code.
PROBE="$(dirname "$BIN")/peaktrade-curses-probe"
[ -x "$PROBE" ] || fail "$PROBE not built"
tmux -L "$SOCKET" new-session -d -s crash -x 100 -y 30 \
  "env LC_ALL=C.UTF-8 TERM=xterm-256color SWIFT_BACKTRACE=interactive=no $PROBE 2>$SANDBOX/crash.err; echo EXIT=\$? > $SANDBOX/crash.exit; stty -a > $SANDBOX/crash.stty; sleep 600"
wait_for crash "curses probe"
keys crash c
[ "$(exit_status crash)" = "EXIT=132" ] || fail "crash exit status $(cat "$SANDBOX/crash.exit") (expected SIGILL, 132)"
grep -q "Fatal error: Index out of range" "$SANDBOX/crash.err" || fail "the probe did not crash as intended"
sane crash

# 15. Follow a file another process appends to: new candles show, a gap is found and alerted.
FOLLOW="$SANDBOX/follow"
mkdir -p "$FOLLOW/data"
cp -r config themes docs "$FOLLOW/"
for f in data/*.csv; do head -2001 "$f" > "$FOLLOW/$f"; done
start follow C.UTF-8 --config "$FOLLOW/config/config.toml" --follow
wait_for follow "follow · last candle 2024-03-24 07:00"
# One candle on the grid, then one three hours later (a 2-hour gap), the last line written in two pieces.
printf '2024-03-24T08:00:00Z,31550.97,31600.00,31500.00,31580.00,120.5\n2024-03-24T11:00:00Z,31580.00,31700.0' >> "$FOLLOW/data/BTC_EUR-1h.csv"
wait_for follow "follow · last candle 2024-03-24 08:00"
printf '0,31550.00,31690.00,99.5\n' >> "$FOLLOW/data/BTC_EUR-1h.csv"
wait_for follow "follow · last candle 2024-03-24 11:00"
wait_for follow "error gap \(feed\): 2 candles missing"
wait_for follow "WARNING +data: data quality: gap in BTC/EUR 1h \(live feed\)"
# A row that is not a candle is a finding (and the feed goes on).
printf 'not,a,candle\n' >> "$FOLLOW/data/BTC_EUR-1h.csv"
wait_for follow "error invalid_row \(feed\): line 2004"
keys follow q
[ "$(exit_status follow)" = "EXIT=0" ] || fail "follow quit status"
sane follow

# 16. Not a terminal: a clear message, exit 64, no escape codes.
set +e
"$BIN" --config "$CONFIG" </dev/null >"$SANDBOX/notty.out" 2>"$SANDBOX/notty.err"
status=$?
set -e
[ $status -eq 64 ] || fail "without a terminal: exit $status, expected 64"
grep -q "the console needs a terminal" "$SANDBOX/notty.err" || fail "without a terminal: no clear message"
[ ! -s "$SANDBOX/notty.out" ] || fail "without a terminal: something was written to stdout"

echo "console-e2e: passed (16 steps)"
[ "${KEEP_E2E:-0}" = 1 ] && echo "console-e2e: screens and journals kept in $SANDBOX" || rm -rf "$SANDBOX"
