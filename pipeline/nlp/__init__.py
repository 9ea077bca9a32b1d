"""The Slovene NLP layer: a spaCy pipeline on ``spacy.blank("sl")`` with custom components.

``get_nlp()`` builds it once per process. Lemmas come from a backend chosen by settings
(lemmagen3 by default, classla when configured); the components write lemma, number value,
date part and exclusion reason into ``token._`` extensions (see ``pipeline.nlp.components``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language

from pipeline.nlp import components
from pipeline.nlp.lemmatizer import get_lemmatizer

PIPES = ("ldn_lemma", "ldn_numbers", "ldn_dates", "ldn_exclusions")


@lru_cache(maxsize=4)
def _build(backend: str, classla_dir: Optional[Path]) -> Language:
    components.register_extensions()
    nlp = spacy.blank("sl")
    components.customize_tokenizer(nlp)
    get_lemmatizer(backend, classla_dir)  # fail early, with the install hint, when a model is missing
    nlp.add_pipe("ldn_lemma", config={"backend": backend, "classla_dir": str(classla_dir) if classla_dir else None})
    for name in PIPES[1:]:
        nlp.add_pipe(name)
    return nlp


def get_nlp(settings=None) -> Language:
    """Given settings (or None for the defaults), return the NLP pipeline, built once per process."""
    if settings is None:
        return _build("lemmagen3", None)
    from pipeline.settings import Settings

    s = Settings.from_any(settings)
    return _build(s.lemmatizer, s.classla_dir)


__all__ = ["get_nlp", "PIPES"]
