#!/usr/bin/env bash
# Model v2, step 1 of 3 (CPU, here): everything a GPU run needs, in .devrun/ (git-ignored).
#
#   bash models/recipe-v2/prepare.sh                 # the full corpus (about 25 minutes on 2 cores)
#   LIMIT=200 VOCAB=2000 bash models/recipe-v2/prepare.sh   # a small run, to test the recipe
#
# 1. corpus v2 from ../shared/data (all folders, registers weighted: news and encyclopedic
#    upsampled 4x, software UI strings deduplicated and capped at 50k pairs);
# 2. pivot-synthetic ru-zh news: the English of the en-ru / en-zh news sets translated into the
#    missing language by the shipped multilingual model, sources tagged <syn>;
# 3. term hints on half of the sources (<hint> + target words, Russian in dictionary form);
#    examples with English targets dropped (the model spends its capacity on ru and zh);
# 4. a new SentencePiece vocabulary with the reserved tokens, and the token ids (encoded.npz).
#
# The GPU machine cannot read ../shared (only the repository travels, 64 MiB at most), so the
# corpus is built here and the token ids travel: .devrun/ holds about 25 MB.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared/data}
VOCAB=${VOCAB:-16000}
D=.devrun; W=$D/work
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
mkdir -p "$W"
wb() { python3 -m workbench "$@"; }
wb train --prepare-shared "$SHARED" --output "$W/corpus" > "$W/corpus.json"
wb train --pivot-synthetic "$SHARED" --output "$W/synthetic" ${LIMIT:+--limit "$LIMIT"} > "$W/synthetic.json"
mkdir -p "$W/merged"
if [ -n "${LIMIT:-}" ]; then  # a small run: a small corpus too
  for s in src tgt origin; do head -n "$((LIMIT * 10))" "$W/corpus/train.$s" > "$W/merged/train.$s"; done
else
  for s in src tgt origin; do cp "$W/corpus/train.$s" "$W/merged/train.$s"; done
fi
for s in src tgt origin; do cat "$W/synthetic/train.$s" >> "$W/merged/train.$s"; cp "$W/corpus/dev.$s" "$W/merged/dev.$s"; done
wb train --add-hints "$W/merged" --output "$W/hinted" --drop-english-targets > "$W/hints.json"
rm -rf "$W/vocab"
wb train --corpus "$W/hinted" --output "$W/vocab" --vocab-size "$VOCAB" --hints --encode-only
rm -rf "$D/tok"; mkdir -p "$D/tok"  # the vocabulary only: the GPU run builds its own model on it
for f in vocab.json source.spm target.spm tokenizer_config.json; do cp "$W/vocab/tokenizer/$f" "$D/tok/"; done
cp "$W/vocab/encoded.npz" "$W/hinted/dev.src" "$W/hinted/dev.tgt" "$D/"
cat "$W/corpus.json" "$W/synthetic.json" "$W/hints.json" > "$D/corpus-stats.json"
git rev-parse HEAD > "$D/commit" 2>/dev/null || true  # the code that built it
python3 models/recipe-v2/datacard.py "$W" > "$D/DATA.md"  # the card's training data (models/recipe-v2/DATA.md)
du -sh "$D/tok" "$D/encoded.npz"
