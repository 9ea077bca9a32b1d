"""Lemmatizer backends behind one interface: lemmagen3 (offline default) and classla (optional).

Both map a list of words to a list of lemmas. Neither downloads anything: lemmagen3 ships its
Slovene model in its wheel; classla reads a resources directory prepared beforehand with
``classla.download('sl', dir=...)`` on a machine with network access.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional, Protocol

from pipeline.errors import ModelNotInstalledError

CLASSLA_INSTALL_HINT = (
    "install it with `.venv/bin/pip install --no-deps classla` plus a CPU torch "
    "(`pip install torch --index-url https://download.pytorch.org/whl/cpu`), then prepare the "
    "Slovene models with `python -c \"import classla; classla.download('sl', dir='DIR')\"` and set "
    "LDN_CLASSLA_DIR=DIR"
)


class Lemmatizer(Protocol):
    """Given words (one token each, any case), return one lemma per word."""

    name: str

    def lemmatize_words(self, words: list[str]) -> list[str]: ...


class Lemmagen3Lemmatizer:
    """The lemmagen3 Slovene model: context-free, case-sensitive, fast (a dictionary walk a word)."""

    name = "lemmagen3"

    def __init__(self) -> None:
        from lemmagen3 import Lemmatizer as _Lemmagen

        self._model = _Lemmagen("sl")

    def lemmatize(self, word: str) -> str:
        """Given one word, return its lemma."""
        return self._model.lemmatize(word)

    def lemmatize_words(self, words: list[str]) -> list[str]:
        """Given words, return their lemmas."""
        return [self._model.lemmatize(w) if w.strip() else w for w in words]


class ClasslaLemmatizer:
    """classla's Slovene pipeline (tokenize, pos, lemma) on pre-tokenized words; needs local models."""

    name = "classla"

    def __init__(self, resources_dir: Optional[Path], module=None) -> None:
        classla = module if module is not None else _import_classla()
        if resources_dir is None:
            raise ModelNotInstalledError(
                "the classla lemmatizer needs its Slovene models in a local directory, and "
                f"LDN_CLASSLA_DIR is not set: {CLASSLA_INSTALL_HINT}"
            )
        resources_dir = Path(resources_dir)
        if not (resources_dir / "sl").is_dir():
            raise ModelNotInstalledError(
                f"classla Slovene models are missing: no 'sl' directory in {resources_dir}; "
                f"{CLASSLA_INSTALL_HINT}",
                file=resources_dir,
            )
        self._pipeline = classla.Pipeline(
            "sl",
            processors="tokenize,pos,lemma",
            dir=str(resources_dir),
            tokenize_pretokenized=True,
        )

    def lemmatize_words(self, words: list[str]) -> list[str]:
        """Given words of one sentence, return their lemmas as classla's tagger reads them."""
        if not words:
            return []
        doc = self._pipeline([[w for w in words]])
        lemmas = [word.lemma for sent in doc.sentences for word in sent.words]
        return lemmas if len(lemmas) == len(words) else list(words)


def _import_classla():
    try:
        import classla  # noqa: PLC0415  (optional dependency)
    except ImportError as exc:
        raise ModelNotInstalledError(f"the classla package is not installed: {CLASSLA_INSTALL_HINT}") from exc
    return classla


@lru_cache(maxsize=4)
def get_lemmatizer(backend: str = "lemmagen3", classla_dir: Optional[Path] = None) -> Lemmatizer:
    """Given a backend name (and classla's resources directory), return the lemmatizer, built once."""
    if backend == "lemmagen3":
        return Lemmagen3Lemmatizer()
    if backend == "classla":
        return ClasslaLemmatizer(classla_dir)
    raise ModelNotInstalledError(f"unknown lemmatizer backend {backend!r}: use 'lemmagen3' or 'classla'")
