# Sourced by the scripts: installs missing Debian packages when running as root, otherwise prints the
# exact line to run and stops.
# Packages the test suite needs: a real Alertmanager (alert sink tests), ncurses headers (the console links
# ncursesw) and tmux (the console's end-to-end test runs it in a real terminal).
CONSOLE_PACKAGES="libncurses-dev"
TEST_PACKAGES="prometheus-alertmanager libncurses-dev tmux"

require_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing missing packages: ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}
