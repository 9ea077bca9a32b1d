"""The spaCy pipeline, its token extensions, the number words and the lemmatizer backends."""

from __future__ import annotations

import importlib.util
import os
import types
from pathlib import Path

import pytest

from pipeline.errors import ModelNotInstalledError
from pipeline.nlp import PIPES, get_nlp
from pipeline.nlp.components import is_name_token, number_value
from pipeline.nlp.lemmatizer import (
    ClasslaLemmatizer,
    Lemmagen3Lemmatizer,
    get_lemmatizer,
)
from pipeline.nlp.lexicon import get_lexicon


def test_nlp_pipeline_is_built_once_with_the_components():
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.lang == "sl"
    assert tuple(nlp.pipe_names) == PIPES


@pytest.mark.parametrize(
    "text,value",
    [
        ("16.000", 16000), ("2.500.000", 2500000), ("7", 7), ("en", 1), ("ena", 1), ("eno", 1),
        ("enega", 1), ("dva", 2), ("dve", 2), ("dvema", 2), ("trije", 3), ("tri", 3), ("tremi", 3),
        ("štirje", 4), ("štirih", 4), ("pet", 5), ("petih", 5), ("sedmih", 7), ("osmimi", 8),
        ("deset", 10), ("dvajsetih", 20), ("petinštirideset", 45), ("sto", 100), ("tisoč", 1000),
        ("prvi", None), ("dvodnevno", None), ("10:00", None), ("15.", None), ("2.1.3", None),
    ],
)
def test_nlp_number_value(text, value):
    assert number_value(text) == value


def test_nlp_number_words_file_is_built_from_num2words():
    words = get_lexicon().number_words
    assert len(words) > 300
    assert words["devetindevetdeset"] == 99


@pytest.mark.parametrize(
    "text,expected",
    [("MaMa", True), ("NVO", True), ("URSM", True), ("TikTok", True), ("Mreže", False), ("mladih", False), ("A", False)],
)
def test_nlp_is_name_token(text, expected):
    assert is_name_token(text) is expected


def test_nlp_lemmas_are_lowercase_and_names_protected():
    doc = get_nlp()("Člani Mreže MaMa in NVO pripravijo 5 krožkov")
    lemmas = {t.text: t._.lemma for t in doc}
    assert lemmas["Mreže"] == "mreža"
    assert lemmas["MaMa"] == "MaMa" and lemmas["NVO"] == "NVO"
    assert lemmas["krožkov"] == "krožek"


def test_nlp_extensions_mark_dates_and_exclusions():
    doc = get_nlp()("do 15. 6. 2027 vsake tri tedne ob 10:00, dve (2) delavnici, petdnevni tabor")
    by_text = {t.text: t for t in doc}
    assert by_text["2027"]._.date_part == "year" and by_text["2027"]._.exclusion == "year"
    assert by_text["15."]._.date_part == "day"
    assert by_text["10:00"]._.date_part == "time"
    assert by_text["tri"]._.exclusion == "frequency"
    assert by_text["dve"]._.num_value == 2 and by_text["dve"]._.exclusion is None
    assert by_text["2"]._.exclusion == "restatement"
    assert by_text["petdnevni"]._.num_value is None


def test_nlp_tokenizer_splits_digits_glued_to_a_word_but_not_names():
    words = [t.text for t in get_nlp()("prijavljenih12 ekip iz projekta Work4Youth")]
    assert "12" in words and "prijavljenih" in words and "Work4Youth" in words


def test_nlp_lemmagen3_backend_lemmatizes_slovene():
    lem = get_lemmatizer("lemmagen3")
    assert isinstance(lem, Lemmagen3Lemmatizer)
    assert lem.lemmatize_words(["mladinskih", "delavcev", "delavnic"]) == ["mladinski", "delavec", "delavnica"]


class _FakeWord:
    def __init__(self, lemma):
        self.lemma = lemma


class _FakePipeline:
    calls: list = []

    def __init__(self, lang, processors, dir, **kwargs):
        _FakePipeline.calls.append((lang, processors, dir, kwargs))

    def __call__(self, sentences):
        words = [_FakeWord(w.rstrip("ih") + "-lemma") for w in sentences[0]]
        return types.SimpleNamespace(sentences=[types.SimpleNamespace(words=words)])


def test_nlp_classla_backend_through_its_interface(tmp_path):
    (tmp_path / "sl").mkdir()
    fake = types.SimpleNamespace(Pipeline=_FakePipeline)
    lem = ClasslaLemmatizer(tmp_path, module=fake)
    assert lem.lemmatize_words(["mladih", "centrov"]) == ["mlad-lemma", "centrov-lemma"]
    lang, processors, directory, kwargs = _FakePipeline.calls[-1]
    assert (lang, processors, directory) == ("sl", "tokenize,pos,lemma", str(tmp_path))
    assert kwargs.get("tokenize_pretokenized") is True


def test_nlp_classla_without_models_names_what_is_missing(tmp_path):
    fake = types.SimpleNamespace(Pipeline=_FakePipeline)
    with pytest.raises(ModelNotInstalledError, match="classla.download"):
        ClasslaLemmatizer(tmp_path, module=fake)
    with pytest.raises(ModelNotInstalledError, match="LDN_CLASSLA_DIR"):
        ClasslaLemmatizer(None, module=fake)


@pytest.mark.skipif(importlib.util.find_spec("classla") is not None, reason="classla is installed here")
def test_nlp_classla_not_installed_gives_install_hint():
    with pytest.raises(ModelNotInstalledError, match="pip install"):
        get_nlp({"lemmatizer": "classla", "classla_dir": "/nonexistent"})


_CLASSLA_DIR = os.environ.get("LDN_CLASSLA_DIR")


@pytest.mark.skipif(
    importlib.util.find_spec("classla") is None or not _CLASSLA_DIR or not (Path(_CLASSLA_DIR or ".") / "sl").is_dir(),
    reason="classla or its Slovene models are not installed (set LDN_CLASSLA_DIR to a classla.download('sl') directory)",
)
def test_nlp_classla_real_model_lemmatizes():
    lem = get_lemmatizer("classla", Path(_CLASSLA_DIR))
    assert lem.lemmatize_words(["mladinskih", "delavcev"]) == ["mladinski", "delavec"]


def test_nlp_number_words_file_matches_its_build_script():
    pytest.importorskip("num2words")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from build_number_words import number_forms
    from lemmagen3 import Lemmatizer

    assert number_forms(Lemmatizer("sl")) == get_lexicon().number_words
