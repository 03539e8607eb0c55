#!/usr/bin/env bash
# bench/run.sh — seswiz's performance figures (issue 6), each printed beside
# its reference and measured in the same run.
#
#   bash bench/run.sh
#
# Builds the binary as the release does, then measures: a DNS check against
# servers that delay every answer by R (vs the same queries one at a time),
# the polling rates over a simulated hour, start-up (--version, first frame),
# `seswiz check --json` vs `aws sesv2 get-email-identity` on the same local
# endpoint (skipped where the AWS CLI is absent), and memory over hours of
# polling. Loopback only; every loop is bounded; takes about five minutes.
#
# Environment: BENCH_TMUX_SECONDS (default 60; 0 skips the tmux run of the
# real `seswiz demo`), BENCH_KEEP=1 keeps the work directory.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/seswiz-bench.XXXXXX")
tmux_sock="seswiz-bench-$$"
world_pid=""

cleanup() {
	if [[ -n "$world_pid" ]]; then kill "$world_pid" 2>/dev/null || true; fi
	if command -v tmux >/dev/null; then tmux -L "$tmux_sock" kill-server 2>/dev/null || true; fi
	if [[ "${BENCH_KEEP:-}" == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# calc EXPR: awk arithmetic, printed as given by the format in EXPR.
calc() { awk "BEGIN { printf $1 }"; }
# field KEY LINE: the value of KEY=value in a line of key=value pairs.
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }
# metric NAME UNIT FILE: a benchmark's metric (ns/op, round-trips/op…).
metric() { awk -v b="^$1-[0-9]+\$" -v u="$2" '$1 ~ b { for (i = 3; i < NF; i++) if ($(i+1) == u) print $i }' "$3"; }
section() { printf '\n== %s ==\n' "$1"; }
# median_ms CMD…: median wall time of CMD in ms, with hyperfine if present.
median_ms() {
	if command -v hyperfine >/dev/null; then
		hyperfine -N --style none --warmup 5 --runs "$runs" --export-csv "$work/h.csv" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 ||
			{ echo "FAILED"; return; }
		awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$work/h.csv"
	else
		field median_ms "$("$work/startup" -runs "$runs" -warmup 5 -- "$@")"
	fi
}

echo "seswiz benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3-), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
timer=$(command -v hyperfine >/dev/null && hyperfine --version || echo "Go exec loop (bench/startup)")
echo "wall-time tool: $timer"

section "build"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=bench" -o "$work/seswiz" .
go build -o "$work/startup" ./bench/startup
go build -o "$work/world" ./bench/world
go build -o "$work/soak" ./bench/soak
echo "seswiz built as the release is (CGO_ENABLED=0, -trimpath, -s -w): $(du -h "$work/seswiz" | cut -f1)"

section "1. a check against servers R away (authdns delays every answer by R)"
go test -run '^$' -bench 'BenchmarkCheck' -benchtime 20x ./dnscheck/ >"$work/dns.txt"
ns=$(metric BenchmarkCheckCorrectZone ns/op "$work/dns.txt")
rt=$(metric BenchmarkCheckCorrectZone round-trips/op "$work/dns.txt")
R=$(calc "\"%.0f\", $ns / $rt / 1e6")
seq_plain=$(metric BenchmarkCheckPlainClientSequential round-trips/op "$work/dns.txt")
seq_one=$(metric BenchmarkCheckCorrectZoneSequential round-trips/op "$work/dns.txt")
echo "check, 7 records, R=${R}ms: $(calc "\"%.1f\", $ns / 1e6") ms = $(calc "\"%.2f\", $rt") R (budget 2 R: $(calc "\"%.2f\", $rt / 2"); the same $(calc "\"%d\", $(metric BenchmarkCheckPlainClientSequential queries/op "$work/dns.txt")") queries one after another with a plain miekg/dns client: $(calc "\"%.2f\", $seq_plain") R, $(calc "\"%.1f\", $seq_plain / $rt")x slower; dnscheck limited to one query at a time: $(calc "\"%.2f\", $seq_one") R)"
for b in ThirdPartyInclude:"SPF include of another provider (the 2-round chain)" EmptyZone:"nothing published yet (double-suffix and wildcard probes)" TwoServers:"two servers, each R away"; do
	name=${b%%:*} what=${b#*:}
	r=$(metric "BenchmarkCheck$name" round-trips/op "$work/dns.txt")
	echo "check, $what: $(calc "\"%.2f\", $r") R (budget 2 R: $(calc "\"%.2f\", $r / 2"); $(calc "\"%d\", $(metric "BenchmarkCheck$name" queries/op "$work/dns.txt")") queries)"
done
d=$(metric BenchmarkCheckWithDiscovery round-trips/op "$work/dns.txt")
echo "check with nameserver discovery through a resolver R away: $(calc "\"%.2f\", $d") R (discovery adds $(calc "\"%.2f\", $d - $rt") R, once per check)"

section "2. polling over a simulated hour (the real wizard over the demo world, intervals divided by 120)"
soak_wizard=$("$work/soak" -hours 2 -speed 120 -emulator-check 1h)
hours=$(field sim_hours "$soak_wizard")
ses=$(field ses_polls "$soak_wizard")
dns=$(field dns_checks "$soak_wizard")
echo "SES GetEmailIdentity per hour: $(calc "\"%.0f\", $ses / $hours") (limit 360 = one per 10 s: $(calc "\"%.2f\", $ses / $hours / 360"))"
echo "DNS checks per hour while nothing changes: $(calc "\"%.0f\", $dns / $hours") (design 120 = one per 30 s: $(calc "\"%.2f\", $dns / $hours / 120"))"

section "3. start"
runs=100
v=$(median_ms "$work/seswiz" --version)
echo "--version: $v ms median of $runs (budget 30 ms: $(calc "\"%.2f\", $v / 30"))"
go test -run '^$' -bench 'BenchmarkDefaultRegion' -benchtime 300x ./sesclient/ >"$work/region.txt"
echo "region lookup without --region (sesclient.DefaultRegion, AWS_CA_BUNDLE set): $(calc "\"%.3f\", $(metric BenchmarkDefaultRegion ns/op "$work/region.txt") / 1e6") ms"
go test -run '^$' -bench 'BenchmarkFirstFrame' -benchtime 50x ./ui/ >"$work/frame.txt"
model=$(metric BenchmarkFirstFrame ns/op "$work/frame.txt")
prog60=$(metric 'BenchmarkFirstFrameProgram/fps=60' ns/op "$work/frame.txt")
prog120=$(metric 'BenchmarkFirstFrameProgram/fps=120' ns/op "$work/frame.txt")
echo "first frame in process: ui.New + View $(calc "\"%.2f\", $model / 1e6") ms; as a Bubble Tea program $(calc "\"%.1f\", $prog60 / 1e6") ms (budget 30 ms: $(calc "\"%.2f\", $prog60 / 30e6"); the first renderer tick alone is 16.7 ms at 60 FPS, at 120 FPS the program takes $(calc "\"%.1f\", $prog120 / 1e6") ms)"
mkdir -p "$work/home/.aws" "$work/state"
printf '[default]\nregion = eu-west-3\n' >"$work/home/.aws/config"
bundle=${AWS_CA_BUNDLE:-}
[[ -z "$bundle" && -f /etc/ssl/certs/ca-certificates.crt ]] && bundle=/etc/ssl/certs/ca-certificates.crt
frame_env=(env -u AWS_REGION -u AWS_DEFAULT_REGION -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY
	HOME="$work/home" XDG_STATE_HOME="$work/state" TERM=xterm-256color AWS_EC2_METADATA_DISABLED=true
	AWS_CONFIG_FILE="$work/home/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/home/.aws/credentials")
[[ -n "$bundle" ]] && frame_env+=(AWS_CA_BUNDLE="$bundle")
offline=(--endpoint-url http://127.0.0.1:9 --nameserver 127.0.0.1:9)
for f in "eu-west-2:--region eu-west-2" "eu-west-3:region from ~/.aws/config"; do
	want=${f%%:*} label=${f#*:} args=(example.com)
	[[ "$label" == --region* ]] && args+=(--region "$want")
	if ! line=$("${frame_env[@]}" "$work/startup" -runs 30 -frame "$want" -- "$work/seswiz" "${args[@]}" "${offline[@]}" 2>"$work/frame.err"); then
		echo "first frame of the real binary, $label: skipped: $(head -1 "$work/frame.err")"
		continue
	fi
	m=$(field median_ms "$line")
	echo "first frame of \`seswiz example.com\`, $label, real binary on a 100x40 pty: $m ms median (budget 30 ms: $(calc "\"%.2f\", $m / 30"); first byte $(field first_byte_median_ms "$line") ms, p90 $(field p90_ms "$line") ms)"
done

section "4. seswiz check --json vs aws sesv2 get-email-identity (same local SES endpoint)"
"$work/world" -env "$work/world.env" -for 10m &
world_pid=$!
for _ in $(seq 100); do [[ -f "$work/world.env" ]] && break; sleep 0.1; done
[[ -f "$work/world.env" ]] || { echo "the world did not start"; exit 1; }
# The AWS CLI and seswiz get the same fake credentials and no config files;
# a subshell keeps them from the rest of the script.
(
	# shellcheck disable=SC1091
	. "$work/world.env"
	export HOME="$work/home" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true \
		AWS_ACCESS_KEY_ID=AKIDSESWIZBENCH AWS_SECRET_ACCESS_KEY=seswiz-bench-secret AWS_PAGER="" XDG_STATE_HOME="$work/state"
	unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_SESV2
	runs=20
	c=$(median_ms "$work/seswiz" check example.com --json --endpoint-url "$SES_URL" --region us-east-1 --nameserver "$DNS_ADDR")
	echo "seswiz check example.com --json (tokens from SES, 7 records): $c ms median of $runs"
	clis=()
	for cand in "$(command -v aws || true)" /usr/bin/aws /usr/local/bin/aws; do
		[[ -n "$cand" && -x "$cand" ]] || continue
		dup=0
		for known in "${clis[@]}"; do [[ "$(readlink -f "$known")" == "$(readlink -f "$cand")" ]] && dup=1; done
		[[ $dup == 0 ]] && clis+=("$cand")
	done
	if [[ ${#clis[@]} == 0 ]]; then
		echo "check --json vs aws sesv2 get-email-identity: skipped: aws CLI not installed"
	fi
	for cli in "${clis[@]}"; do
		version=$("$cli" --version 2>&1 | cut -d' ' -f1)
		a=$(median_ms "$cli" sesv2 get-email-identity --email-identity example.com --endpoint-url "$SES_URL" --region us-east-1)
		if [[ "$a" == FAILED || -z "$a" ]]; then
			echo "check --json vs $cli ($version): skipped: the AWS CLI call failed"
			continue
		fi
		echo "check --json vs aws sesv2 get-email-identity ($cli, $version): $c ms vs $a ms = $(calc "\"%.3f\", $c / $a") (target ≤ 0.1)"
	done
)
kill "$world_pid" 2>/dev/null || true
wait "$world_pid" 2>/dev/null || true
world_pid=""

section "5. memory while polling"
memory() {
	local line=$1
	echo "RSS $(field rss_start_mib "$line") → $(field rss_end_mib "$line") MiB (range $(field rss_1st_half_mib "$line") in the 1st half, $(field rss_2nd_half_mib "$line") in the 2nd; slope $(field rss_slope_mib_per_h "$line") MiB/h); live heap $(field heap_start_mib "$line") → $(field heap_end_mib "$line") MiB (2nd-half slope $(field heap_slope_2nd_half_mib_per_h "$line") MiB/h); goroutines $(field goroutines_start "$line") → $(field goroutines_end "$line") (max $(field goroutines_max "$line"))"
}
echo "wizard over $(field sim_hours "$soak_wizard") simulated hours ($(field ses_polls "$soak_wizard") SES polls, $(field dns_checks "$soak_wizard") DNS checks): $(memory "$soak_wizard")"
demo_soak=$("$work/soak" -hours 2 -speed 120)
demo_dns=$(calc "\"%.0f\", $(field dns_checks "$demo_soak") / $(field sim_hours "$demo_soak")")
echo "the same with the demo's SES re-checking DNS every 2 s, as in \`seswiz demo\`: $demo_dns DNS checks per hour ($(calc "\"%.1f\", $demo_dns / 120")x the 120 of a calm hour: SES looking again and finding the same is not a change); $(memory "$demo_soak")"

seconds=${BENCH_TMUX_SECONDS:-60}
if [[ "$seconds" == 0 ]]; then
	echo "real seswiz demo in tmux: skipped: BENCH_TMUX_SECONDS=0"
elif ! command -v tmux >/dev/null; then
	echo "real seswiz demo in tmux: skipped: tmux not installed"
elif (( seconds < 20 || seconds > 3600 )); then
	echo "real seswiz demo in tmux: skipped: BENCH_TMUX_SECONDS must be 20-3600"
else
	mkdir -p "$work/demo"
	tmux -L "$tmux_sock" new-session -d -s demo -x 100 -y 40 \
		"exec env HOME=$work/demo XDG_STATE_HOME=$work/demo TERM=xterm-256color $work/seswiz demo --reset"
	screen_has() { tmux -L "$tmux_sock" capture-pane -p -t demo 2>/dev/null | grep -q "$1"; }
	ok=0
	for _ in $(seq 100); do screen_has "Step 0 of 5" && screen_has "Enter asks SES" && { ok=1; break; }; sleep 0.1; done
	[[ $ok == 1 ]] && tmux -L "$tmux_sock" send-keys -t demo Enter
	ok=0
	for _ in $(seq 100); do screen_has "Step 1 of 5" && { ok=1; break; }; sleep 0.1; done
	pid=$(tmux -L "$tmux_sock" list-panes -t demo -F '#{pane_pid}')
	if [[ $ok != 1 ]]; then
		echo "real seswiz demo in tmux: skipped: the wizard did not reach the DKIM step"
	else
		sleep 5
		tck=$(getconf CLK_TCK)
		: >"$work/rss.txt"
		for ((t = 0; t <= seconds; t += 5)); do
			rss=$(awk '/^VmRSS/ { print $2 / 1024 }' "/proc/$pid/status")
			cpu=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
			thr=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")
			echo "$t $rss $cpu $thr" >>"$work/rss.txt"
			((t + 5 <= seconds)) && sleep 5
		done
		awk -v tck="$tck" -v secs="$seconds" '
			{ t[NR] = $1; r[NR] = $2; c[NR] = $3; th[NR] = $4; if ($2 > mx) mx = $2 }
			END {
				mid = int((NR + 1) / 2)
				printf "real `seswiz demo` in tmux at the DKIM step, %d s of real polling (SES every 1 s, DNS adaptive): RSS %.1f MiB at +%ds, %.1f at +%ds, %.1f at +%ds (max %.1f); threads %d → %d; CPU %.1f%% of one core\n", secs, r[1], t[1], r[mid], t[mid], r[NR], t[NR], mx, th[1], th[NR], (c[NR] - c[1]) / tck / secs * 100
			}' "$work/rss.txt"
	fi
	tmux -L "$tmux_sock" kill-server 2>/dev/null || true
fi
echo
echo "done in ${SECONDS}s"
