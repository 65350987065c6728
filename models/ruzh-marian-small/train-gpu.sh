#!/bin/bash
# The script that trained this model on a lent H100 (run from the repository root there).
#
# What it needs beside the repository, in .devrun/ (a folder .git/info/exclude ignores, sent
# along with the run): tok/ (vocab.json, source.spm, target.spm, tokenizer_config.json of the
# 8k vocabulary), encoded.pt (the token ids of the corpus, made by a CPU run with that
# vocabulary, so no tokenising is spent on GPU time) and dev.src / dev.tgt of the corpus.
#
#   run 1:  bash models/ruzh-marian-small/train-gpu.sh
#   run 2:  START="--init .devrun/init" MAXTOK=32000 LR=6e-4 WARMUP=100 HOURS=0.0556 LIMIT=250 \
#           bash models/ruzh-marian-small/train-gpu.sh          # .devrun/init = run 1's export
#   run 3:  BENCH=1 START="--init models/ruzh-marian-small" MAXTOK=48000 LR=6e-4 WARMUP=200 \
#           HOURS=0.1167 LIMIT=460 EVAL=1 CHRF_SENTS=200 bash models/ruzh-marian-small/train-gpu.sh
#           (encoded.pt of run 3: the corpus with the WMT 2014-2020 news pairs, >>en<< targets dropped)
#   run 4:  START="--init .devrun/init3" MAXTOK=48000 LR=2e-4 WARMUP=50 HOURS=0.054 LIMIT=235 EVAL=0.75 \
#           CHRF_SENTS=200 bash models/ruzh-marian-small/train-gpu.sh    # .devrun/init3 = run 3 export
#
# The fp16 export comes back split into 15 MB parts (the lending tool returns files of at most
# 16 MiB): cat model.tar.part-* | tar xf -
R=${RUN:-/tmp/run}; M=${MODEL:-/tmp/model}; O=${OUT:-/tmp/out}
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
mkdir -p "$R" "$O" && cp .devrun/encoded.pt "$R"/
nvidia-smi -L 2>/dev/null
python3 -c "import torch, transformers; print(torch.__version__, transformers.__version__, torch.cuda.is_available())"
if [ -n "$BENCH" ]; then  # step time, list-built vs resident batches (benchmarks/bench_train_batching.py)
  timeout 90 python3 benchmarks/bench_train_batching.py .devrun/encoded.pt --model models/ruzh-marian-small \
    --device "${DEVICE:-cuda}" --amp bf16 --max-tokens 32000 --steps 15 2>&1 | grep -v Loading | tee "$O"/bench.json
fi
timeout "${LIMIT:-530}" python3 -m workbench train ${START:---tokenizer .devrun/tok} \
  --train-src .devrun/none.src --train-tgt .devrun/none.tgt \
  --dev-src .devrun/dev.src --dev-tgt .devrun/dev.tgt --output "$R" \
  --d-model 256 --layers 6 3 --heads 4 --ffn-dim 1024 --dropout 0.15 --lr "${LR:-7e-4}" --warmup "${WARMUP:-800}" \
  --max-tokens "${MAXTOK:-16000}" --max-hours "${HOURS:-0.125}" --eval-minutes "${EVAL:-1.5}" --chrf-minutes "${EVAL:-1.5}" --chrf-sents "${CHRF_SENTS:-100}" \
  --dev-loss-sents 600 --patience 100 --checkpoint-minutes 100 --log-every 100 \
  --device "${DEVICE:-cuda}" ${AMP:---amp bf16} --fp16-export "$M" > "$O"/stdout.log 2>&1
echo "train rc $?"; tail -5 "$O"/stdout.log
# a run stopped by the time limit still leaves best/ (SIGTERM saves and exports)
if [ ! -f "$M"/config.json ]; then
  python3 -m workbench train --export "$R" --output "$M" || python3 -m workbench train --export "$R" --which checkpoint --output "$M"
fi
cp "$R"/train.log "$O"/ 2>/dev/null
tar cf - -C "$(dirname "$M")" "$(basename "$M")" | split -b 15M - "$O"/model.tar.part-
ls -la "$O"
