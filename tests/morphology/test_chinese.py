"""Chinese word boundaries: jieba's own dictionary loads once, quietly, for searches that start together."""

import subprocess
import sys

SCRIPT = """
import threading
import jieba
loads = []
original = jieba.Tokenizer.initialize
def counted(self, dictionary=None):
    if not self.initialized:
        loads.append(1)
    return original(self, dictionary)
jieba.Tokenizer.initialize = counted
jieba.dt.tmp_dir = {tmp!r}
from workbench.morphology.chinese import plain_words, dictionary_frequency
threads = [threading.Thread(target=plain_words, args=("黑河市人民政府与雅库茨克",)) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(len(loads), plain_words("我们在北京", hmm=False), dictionary_frequency("在") > 10000, dictionary_frequency("景泉"))
"""


def test_default_dictionary_loads_once_and_quietly(tmp_path):
    # a cache folder of its own, so that the load takes its full second (it builds the cache)
    run = subprocess.run([sys.executable, "-c", SCRIPT.format(tmp=str(tmp_path))],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[0] == "1"
    assert "['我们', '在', '北京'] True 0" in run.stdout
    assert "prefix dict" not in run.stderr


def test_glossary_words_stay_out_of_the_plain_dictionary():
    from workbench.morphology.chinese import add_words, plain_words, words

    add_words(["景泉源头"])
    text = "景泉源头在这里"
    assert words(text)[0] == (0, 4)  # the glossary's segmenter knows the spelling
    assert plain_words(text)[0] != "景泉源头"  # jieba's own does not
