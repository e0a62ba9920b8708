# Container-like CPU and memory limits for a benchmark's server process (cgroup v1, root only).
# Source it, then:   cgroup_limit NAME CPUS [MEMORY_BYTES]; cgroup_add NAME PID; ...; cgroup_remove NAME
# The server then sees CPUS cores (.NET sizes its thread pool and GC from the quota) while the load
# generator keeps the rest of the machine, so it can really offer several times what the server serves.
# Without root or cgroup v1 controllers, cgroup_limit says so once and the run goes on uncapped
# (cgroup_capped tells the caller, so results can record it).

_cgroup_root=/sys/fs/cgroup

cgroup_limit() {
  local name=$1 cpus=$2 memory=${3:-}
  if [ "$(id -u)" != 0 ] || [ ! -w "$_cgroup_root/cpu" ]; then
    echo "cgroup: no permission for CPU limits here; the server runs uncapped" >&2
    return 0
  fi
  mkdir -p "$_cgroup_root/cpu/stadium-$name"
  echo 100000 > "$_cgroup_root/cpu/stadium-$name/cpu.cfs_period_us"
  local quota; quota=$(awk -v c="$cpus" 'BEGIN { printf "%d", c * 100000 }')
  echo "$quota" > "$_cgroup_root/cpu/stadium-$name/cpu.cfs_quota_us"
  if [ -n "$memory" ] && [ -w "$_cgroup_root/memory" ]; then
    mkdir -p "$_cgroup_root/memory/stadium-$name"
    echo "$memory" > "$_cgroup_root/memory/stadium-$name/memory.limit_in_bytes"
  fi
}

# Moves PID (and threads it starts later) into the group.
cgroup_add() {
  local name=$1 pid=$2 controller
  for controller in cpu memory; do
    if [ -d "$_cgroup_root/$controller/stadium-$name" ]; then
      echo "$pid" > "$_cgroup_root/$controller/stadium-$name/cgroup.procs"
    fi
  done
}

# Runs a command inside the group from its first instruction (so the runtime sees the quota at start).
cgroup_exec() {
  local name=$1; shift
  local controller
  for controller in cpu memory; do
    if [ -d "$_cgroup_root/$controller/stadium-$name" ]; then
      echo "$BASHPID" > "$_cgroup_root/$controller/stadium-$name/cgroup.procs"
    fi
  done
  exec "$@"
}

cgroup_capped() { [ -d "$_cgroup_root/cpu/stadium-$1" ]; }

# Moves any process still in the group back to the root and deletes the group.
cgroup_remove() {
  local name=$1 controller dir pid
  for controller in cpu memory; do
    dir="$_cgroup_root/$controller/stadium-$name"
    [ -d "$dir" ] || continue
    while read -r pid; do echo "$pid" > "$_cgroup_root/$controller/cgroup.procs" 2>/dev/null || true; done < "$dir/cgroup.procs"
    rmdir "$dir" 2>/dev/null || true
  done
}
