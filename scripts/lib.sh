# Shared shell functions for run.sh, test.sh and the benchmark scripts.

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs Debian packages that are missing (by the command or file they provide).
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    case $pkg in
      chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
      iproute2) command -v ip >/dev/null || missing+=(iproute2) ;;
      util-linux) command -v unshare >/dev/null || missing+=(util-linux) ;;
      afl++) command -v afl-fuzz >/dev/null || missing+=(afl++) ;;
      nftables) command -v nft >/dev/null || missing+=(nftables) ;;
      coturn) command -v turnserver >/dev/null || missing+=(coturn) ;;
      *) command -v "$pkg" >/dev/null || missing+=("$pkg") ;;
    esac
  done
  command -v bc >/dev/null || missing+=(bc)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  fi
}

# Builds the web client (TypeScript) when its sources changed; installs npm packages only when missing.
ensure_web_client() {
  [ -f web-client/package.json ] || return 0
  if [ ! -d web-client/node_modules ] || [ web-client/package-lock.json -nt web-client/node_modules/.package-lock.json ]; then
    step "npm ci (web-client)"
    (cd web-client && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [ -f web-client/dist/.built ] && [ -z "$(find web-client/src web-client/public web-client/build.mjs web-client/package.json -newer web-client/dist/.built -print -quit)" ]; then
    return 0
  fi
  step "build web-client"
  (cd web-client && npm run --silent build && touch dist/.built)
}

# Runs a command inside a fresh network namespace that has only loopback, so no WebRTC packet can leave
# the machine (root: unshare -n; otherwise a user namespace maps us to root inside).
in_loopback_namespace() {
  local flags=-n
  [ "$(id -u)" -eq 0 ] || flags=-rn
  unshare $flags -- sh -c 'ip link set lo up && exec "$@"' sh "$@"
}

# The GC settings the SFU hosts ship with (deploy/*.Dockerfile set the same), for `env "${sfu_gc_env[@]}" dotnet …`
# (env execs, so $! stays the server's pid): a gen0 budget of 16 MiB (4 MiB cost delay in ramps). Without it the runtime sizes gen0 from the L3
# cache, which this VM reports as 300 MiB, and RSS grows by hundreds of KiB per subscriber between collections. The
# setting has no runtimeconfig.json name, hence an environment variable. Figures: README, *Memory per subscriber*.
sfu_gc_env=(DOTNET_GCgen0size=0x1000000)
