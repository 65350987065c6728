#!/usr/bin/env bash
# Model v2, step 3 of 3 (CPU, here): unpack what train-gpu.sh wrote back and measure it against the
# shipped model on every target of the model-v2 and term-hint issues, so that the minutes after a GPU
# run go to reading numbers, not to typing commands.
#
#   bash models/recipe-v2/evaluate.sh FILES_AT            # the folder the device tool fetched into
#   LINES=100 bash models/recipe-v2/evaluate.sh FILES_AT  # a quick look (first 100 lines of each dev set and of throughput)
#
# FILES_AT holds model.tar.xz.part-* (or uncompressed model.tar.part-*), train.log and stdout.log. Everything lands in .devrun/eval/
# (git-ignored): the unpacked model, one file per benchmark, and summary.md, the figures the model
# card needs: dev chrF both ways on news (WMT21), COVID-19 (TICO-19) and spoken text (Tatoeba
# rus-zho), glossary enforcement and stray pieces, case agreement with and without hints, the
# sample press release's time with the load, throughput and size. It needs the dev sets that
# prepare.sh built (.devrun/work/corpus) and ../shared/data (SHARED=…). Shipping the model
# (copying it into models/, its card, the default) stays a decision made on those figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
IN=${1:?usage: evaluate.sh FILES_AT}
E=${EVAL:-.devrun/eval}; CORPUS=${CORPUS:-.devrun/work/corpus}; SHIPPED=models/ruzh-marian-small
SHARED=${SHARED:-../shared/data}
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
[ -f "$CORPUS/dev.src" ] || { echo "evaluate.sh: no dev sets in $CORPUS (run prepare.sh first)" >&2; exit 2; }
rm -rf "$E"; mkdir -p "$E/unpacked"
if compgen -G "$IN/model.tar.xz.part-*" > /dev/null; then
  cat "$IN"/model.tar.xz.part-* | xz -dc | tar xf - -C "$E/unpacked"
elif compgen -G "$IN/model.tar.part-*" > /dev/null; then
  cat "$IN"/model.tar.part-* | tar xf - -C "$E/unpacked"
else
  echo "evaluate.sh: no model.tar.xz.part-* or model.tar.part-* in $IN" >&2; exit 2
fi
M=$(find "$E/unpacked" -name config.json -printf '%h\n' | head -n 1)
[ -n "$M" ] || { echo "evaluate.sh: the parts in $IN hold no model (no config.json)" >&2; exit 2; }
cp "$IN"/train.log "$IN"/stdout.log "$E"/ 2>/dev/null || true
du -sh "$M" | tee "$E/size.txt"
bench() { echo "== $*" >&2; python3 "benchmarks/$1.py" "${@:2}"; }
for model in "$SHIPPED" "$M"; do  # dev chrF both ways (news, COVID-19, spoken), beam 4, no glossary
  bench bench_quality "$CORPUS" --model "$model" --beams 4 --limit "${LINES:-0}" --spoken "$SHARED" \
    > "$E/quality-$(basename "$model").jsonl"
done
bench bench_enforcement --model "$M" --hints both --no-cost > "$E/enforcement.txt"
bench bench_agreement --model "$M" --hints both --enforce both > "$E/agreement.txt"
TIMEFORMAT=%R  # the sample press release, load included (target: under 30 s on 2 cores)
{ time python3 -m workbench translate examples/heihe-delegation-2024.ru.txt --to zh --model "$M" \
    --report "$E/sample.json" -o "$E/sample.zh.txt" > "$E/sample.log" 2>&1; } 2> "$E/sample-seconds.txt"
TLINES=${LINES:-0}; [ "$TLINES" -gt 0 ] || TLINES=500  # 500 lines, or the quick look's
bench bench_throughput --model "$M" --lines "$TLINES" > "$E/throughput.txt"
python3 models/recipe-v2/summary.py "$E" "$SHIPPED" "$M" | tee "$E/summary.md"
