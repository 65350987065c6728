#!/usr/bin/env bash
# Model v2 without a GPU: fine-tune the shipped model on a CPU-sized share of corpus v2, with term
# hints, and export it. Needs .devrun/work/hinted from prepare.sh (step 1 of the GPU recipe).
#
#   bash models/recipe-v2/finetune-cpu.sh                  # 1.6 hours of training on 2 cores
#   HOURS=0.02 bash models/recipe-v2/finetune-cpu.sh       # a short run, to test the recipe
#   bash models/recipe-v2/finetune-cpu.sh --resume         # continue after a stop (SIGTERM saves)
#
# The run checkpoints every 10 minutes and on SIGTERM; --resume continues from there within the
# same budget of training time. The export goes to $MODEL (default /tmp/model-hints).
set -euo pipefail
cd "$(dirname "$0")/../.."
R=${RUN:-/tmp/run-hints}; M=${MODEL:-/tmp/model-hints}; BASE=${BASE:-models/ruzh-marian-small}
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
if [ ! -f .devrun/ft-corpus/train.src ] && [ ! -f .devrun/work/hinted/train.src ]; then
  echo "finetune-cpu.sh: .devrun/work/hinted/train.src is missing: run models/recipe-v2/prepare.sh first" >&2; exit 2
fi
[ -f .devrun/ft-corpus/train.src ] || python3 models/recipe-v2/cpu-subset.py .devrun/work/hinted .devrun/ft-corpus
python3 -m workbench train --init "$BASE" --hints --corpus .devrun/ft-corpus --output "$R" \
  --lr "${LR:-3e-4}" --warmup "${WARMUP:-200}" --max-tokens "${MAXTOK:-8000}" --max-hours "${HOURS:-1.6}" \
  --dropout 0.1 --eval-minutes 15 --chrf-minutes 30 --chrf-sents 100 --dev-loss-sents 400 \
  --checkpoint-minutes 10 --log-every 25 --patience 100 --threads "${THREADS:-2}" "$@"
python3 -m workbench train --export "$R" --output "$M" --repetition-penalty 1.2 --length-penalty 1.5
du -sh "$M"
