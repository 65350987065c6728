#!/usr/bin/env bash
# Model v2, step 2 of 3 (GPU): train a new model on .devrun/ (made by prepare.sh) within a wall
# budget, export it in fp16 and write it back with its log. One command on a lent GPU machine:
#
#   bash models/recipe-v2/train-gpu.sh                      # defaults: d512, 6+3 layers, 8.5 minutes
#   HOURS=0.14 LIMIT=560 bash models/recipe-v2/train-gpu.sh # the wall budget, training and all
#
# Tested on a CPU with a tiny configuration (DEVICE=cpu AMP= D_MODEL=64 LAYERS="1 1" HEADS=2 FFN=128
# HOURS=0.01 LIMIT=120). The export comes back in 15 MB parts (cat model.tar.part-* | tar xf -);
# evaluate.sh measures it.
set -uo pipefail
cd "$(dirname "$0")/../.."
R=${RUN:-/tmp/run}; M=${MODEL:-/tmp/model-v2}; O=${OUT:-/tmp/out}
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
mkdir -p "$R" "$O"; cp .devrun/encoded.npz "$R"/
nvidia-smi -L 2>/dev/null
python3 -c "import torch, transformers; print(torch.__version__, transformers.__version__, torch.cuda.is_available())"
timeout "${LIMIT:-540}" python3 -m workbench train --tokenizer .devrun/tok --hints \
  --train-src .devrun/none.src --train-tgt .devrun/none.tgt --dev-src .devrun/dev.src --dev-tgt .devrun/dev.tgt \
  --output "$R" --d-model "${D_MODEL:-512}" --layers ${LAYERS:-6 3} --heads "${HEADS:-8}" --ffn-dim "${FFN:-2048}" \
  --dropout "${DROPOUT:-0.1}" --lr "${LR:-7e-4}" --warmup "${WARMUP:-1000}" --max-tokens "${MAXTOK:-48000}" \
  --max-hours "${HOURS:-0.125}" --eval-minutes "${EVAL:-1.5}" --chrf-minutes "${EVAL:-1.5}" --chrf-sents "${CHRF_SENTS:-200}" \
  --dev-loss-sents 600 --patience 100 --checkpoint-minutes 100 --log-every 100 \
  --device "${DEVICE:-cuda}" ${AMP---amp bf16} --threads "${THREADS:-2}" --fp16-export "$M" > "$O"/stdout.log 2>&1
echo "train rc $?"; tail -5 "$O"/stdout.log
# the best model (a run stopped by the time limit still leaves best/: SIGTERM saves and exports),
# with the decoding defaults of the shipped model (the card says how they were chosen)
rm -rf "$M"
python3 -m workbench train --export "$R" --output "$M" --repetition-penalty "${REP:-1.2}" --length-penalty "${LP:-1.5}" \
  || python3 -m workbench train --export "$R" --which checkpoint --output "$M" --repetition-penalty "${REP:-1.2}" --length-penalty "${LP:-1.5}"
du -sh "$M"
cp "$R"/train.log "$O"/ 2>/dev/null
tar cf - -C "$(dirname "$M")" "$(basename "$M")" | split -b 15M - "$O"/model.tar.part-
ls -la "$O"
