#!/usr/bin/env bash
# Makes docs/img/demo-dkim-diagnosis.png from a real run of `seswiz demo`:
# the DKIM step after `x` published the CNAMEs with the zone appended twice.
# Needs tmux, ImageMagick and charmbracelet/freeze
# (go install github.com/charmbracelet/freeze@v0.2.2).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'tmux kill-session -t seswiz-shot 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/seswiz" .
tmux new -d -s seswiz-shot -x 110 -y 32 "XDG_STATE_HOME=$work COLORTERM=truecolor $work/seswiz demo"
sleep 2; tmux send-keys -t seswiz-shot Enter   # Account → DKIM: the identity is created
sleep 2; tmux send-keys -t seswiz-shot x       # publish the classic mistake
sleep 3
tmux capture-pane -ept seswiz-shot > "$work/screen.ans"
"$(go env GOPATH)/bin/freeze" -l ansi --window --padding 20 --margin 0 -o "$work/shot.png" < "$work/screen.ans"
convert "$work/shot.png" -resize 1600x -colors 64 -strip docs/img/demo-dkim-diagnosis.png
echo "wrote docs/img/demo-dkim-diagnosis.png"
