/**
 * The fixed shell scripts the SSH runner runs remotely. They are constants: every input (paths, the
 * python command) arrives as a positional parameter, so it is data and never parsed as code.
 */

/** $1 job folder, $2 python; prints the worker's pid. The worker runs in its own session (setsid), immune to
 * SIGHUP (nohup) and with no tie to the SSH channel, so it survives the connection. */
export const LAUNCH_SCRIPT = `set -u
dir=$1; py=$2
cd "$dir" || { echo "cannot enter the job folder $dir" >&2; exit 3; }
command -v "$py" >/dev/null 2>&1 || { echo "python not found on the host: $py" >&2; exit 4; }
command -v setsid >/dev/null 2>&1 || { echo "setsid (util-linux) is not installed on the host" >&2; exit 5; }
rm -f pid
nohup setsid sh -c 'echo $$ > pid; exec "$0" -m trex_worker run --job-dir "$1"' "$py" "$dir" >>worker.log 2>&1 </dev/null &
i=0
while [ ! -s pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
[ -s pid ] || { echo "the worker did not start" >&2; exit 6; }
cat pid
`;

/** is the pid in $dir/pid alive and still our worker (its working directory is the job folder)? */
const ALIVE = `alive() {
  [ -s "$1/pid" ] || return 1
  pid=$(cat "$1/pid")
  kill -0 "$pid" 2>/dev/null || return 1
  [ ! -e "/proc/$pid" ] || [ "/proc/$pid/cwd" -ef "$1" ]
}`;

/** one line per job folder given: running | exited | unknown */
export const STATUS_SCRIPT = `${ALIVE}
for dir in "$@"; do
  if alive "$dir"; then echo running
  elif [ -e "$dir/pid" ] || [ -e "$dir/result.json" ]; then echo exited
  else echo unknown
  fi
done
`;

/** SIGTERM to the worker's process group: the worker stops after its current step and writes a cancelled result */
export const CANCEL_SCRIPT = `${ALIVE}
if alive "$1"; then kill -15 -"$pid" 2>/dev/null || kill -15 "$pid"; fi
exit 0
`;
