"""The development corpus stays valid gold: verbatim mentions and evidence, known actors and
kinds, coordinates in range, unique ids (checked by tests/corpus/validate_corpus.py)."""

import importlib.util
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_the_development_corpus_is_valid_gold(capsys):
    spec = importlib.util.spec_from_file_location("validate_corpus", CORPUS / "validate_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["validate", str(CORPUS)]) == 0, capsys.readouterr().out[-2000:]
    out = capsys.readouterr().out
    assert int(out.split("paragraphs: ")[1].split()[0]) >= 40
