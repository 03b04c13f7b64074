"""Turns text into comparable terms: normalised, stemmed, stop words and chat shorthand handled."""

from __future__ import annotations

import re
import unicodedata

# Words that carry the shape of a question rather than its subject.
STOPWORDS = frozenset(
    """a an the is are was were be been am do does did what whats which who whom how
    why when where can could should would will shall may might must i me my we our you your
    it its this that these those of in on at to for from by with about into as and or but
    not no vs versus explain explained tell define definition meaning mean means work works
    working there their they them he she his her than then so if just any some much many
    more most very really thing things get got use used using please difference between
    same kind kinds type types know dont doesnt isnt"""
    # Emphasis and people in general say nothing about the subject ("what is it actually",
    # "why does everyone use it").
    """ actually exactly basically simply even also itself everyone everybody
    anyone anybody someone somebody people have has had having anything something
    everything nothing else"""
    # The same question words in Spanish, French and German, so "que es un transformer"
    # is read as "transformer".
    """ que es un una el la los las como cual por qu est ce cest le les une des du comment
    pourquoi was ist ein eine der die das wie warum"""
    # Prefixes written apart ("pre-training", "multi-head") say nothing on their own; the
    # compound keeps them, and the index reads "pretraining" as "training" too.
    """ pre re co sub multi inter""".split()
)

# Prefixes that a closed compound ("pretraining", "multimodal") may carry before a word
# the knowledge base also uses on its own.
BOUND_PREFIXES = ("pre", "multi", "sub")

# Chat shorthand, expanded before matching so "docs" meets "documents".
ABBREVIATIONS = {
    "doc": "document",
    "docs": "documents",
    "db": "database",
    "dbs": "databases",
    "net": "network",
    "nets": "networks",
    "nn": "neural network",
    "param": "parameter",
    "params": "parameters",
    "img": "image",
    "pic": "picture",
    "pics": "pictures",
    "diff": "difference",
    "info": "information",
    "llms": "llm",
}

_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b")
# Hyphens and dots join words into compounds that also count as their parts; underscores
# join a code identifier ("from_pretrained", "q4_k_m"), which counts only whole.
_TOKEN = re.compile(r"[a-z0-9]+(?:[-._][a-z0-9]+)*")


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    # A possessive is its noun ("someone's" is "someone"); other apostrophes join ("don't").
    ascii_text = _POSSESSIVE.sub("", ascii_text.replace("’", "'"))
    return " ".join(_TOKEN.findall(ascii_text.replace("'", "")))


def phrase(text: str) -> str:
    """A name or query as one comparable string: hyphens count as spaces."""
    return normalize(text.replace("-", " "))


# Words whose final s is not a plural.
UNCOUNTABLE = frozenset({"bias", "news", "lens", "alias", "canvas", "atlas", "chaos"})


def stem(token: str) -> str:
    """A deliberately small stemmer: folds plurals, -ing and -ed forms and a final e together.

    "make", "making" and "makes" all become "mak"; "embedded", "embedding" and "embeddings"
    become "embed".
    """
    if len(token) <= 3 or not token.isalpha():
        return token
    word = token
    for suffix, keep in (("ies", "y"), ("es", "e"), ("s", "")):
        if (
            word.endswith(suffix)
            and len(word) - len(suffix) >= 3
            and not word.endswith("ss")
            # "analysis", "corpus" are singular; "apis", "gpus" are plural.
            and not (len(word) >= 5 and word.endswith(("us", "is")))
            and word not in UNCOUNTABLE
        ):
            word = word[: len(word) - len(suffix)] + keep
            break
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)]
            # British "labelled", "modelling" are "labeled", "modeling".
            if len(word) >= 6 and word.endswith("ell"):
                word = word[:-1]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
        word = word[:-1]
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _join_spelled_letters(tokens: list[str]) -> list[str]:
    """Turn runs of single letters ("q k v") into one token ("qkv")."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if token:
            out.append(token)
    return out


def words(text: str) -> list[str]:
    """The text's words in order: normalised, shorthand expanded, spelled letters joined."""
    expanded = " ".join(ABBREVIATIONS.get(w, w) for w in normalize(text).split()).split()
    return _join_spelled_letters(expanded)


def word_terms(word: str) -> list[str]:
    """One word's content terms, stemmed; a hyphenated word also yields its parts."""
    parts = [word, *re.split(r"[-.]", word)] if ("-" in word or "." in word) else [word]
    return [stem(part) for part in parts if part and part not in STOPWORDS]


def terms(text: str) -> list[str]:
    """Content words of a text, stemmed; hyphenated words also yield their parts."""
    return [term for word in words(text) for term in word_terms(word)]
