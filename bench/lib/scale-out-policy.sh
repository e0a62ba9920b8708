# The autoscaler config of bench/scale-out.sh's runs, written where bench/simulate.sh replays them too, so the
# simulator's calibration uses exactly the policy the measured runs had.
# scale_out_policy FILE POLICY: POLICY is stadium (latency and 5xx share while the nodes are busy, mean in flight per core,
# CPU) or cpu (CPU at 70 % alone);
# reads $interval, $max_nodes and $stabilization from the caller, and $up_stabilization (default 15: the scale-up
# window; a proposal must stand for 15 s, three rounds, before nodes start: on this machine starting a node stalls the
# others for a second or more, and a one-window blip of a 10 s p99 at low load otherwise started two at once).
# Both policies get the same behaviour: the comparison is of the signals.
scale_out_policy() {
  local metrics up_stabilization=${up_stabilization:-15}
  case $2 in
    stadium) metrics='      - { name: latency, busyCpu: 50, target: { type: Value, value: 100 } }
      - { name: errorRate, busyCpu: 50, target: { type: Value, value: 1 } }
      - { name: inFlight, perCore: true, mean: true, target: { type: AverageValue, averageValue: 40 } }
      - { name: cpu, target: { type: Utilization, averageUtilization: 70 } }' ;;
    cpu) metrics='      - { name: cpu, target: { type: Utilization, averageUtilization: 70 } }' ;;
    *) echo "scale_out_policy: unknown policy $2 (stadium or cpu)" >&2; return 2 ;;
  esac
  cat > "$1" <<YAML
interval: $interval
window: 10s
targets:
  - name: api
    driver: local
    local: { role: api }
    minReplicas: 1
    maxReplicas: $max_nodes
    metrics:
$metrics
    behavior:
      scaleUp:
        stabilizationWindowSeconds: $up_stabilization
        policies: [{ type: Percent, value: 100, periodSeconds: 15 }, { type: Pods, value: 4, periodSeconds: 15 }]
      scaleDown:
        stabilizationWindowSeconds: $stabilization
        policies: [{ type: Pods, value: 1, periodSeconds: 30 }]
YAML
}
