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
    # The same question words in Spanish, French and German, so "que es un transformer"
    # is read as "transformer".
    """ que es un una el la los las como cual por qu est ce cest le les une des du comment
    pourquoi was ist ein eine der die das wie warum""".split()
)

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

_TOKEN = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_TOKEN.findall(ascii_text.replace("'", "").replace("’", "")))


def phrase(text: str) -> str:
    """A name or query as one comparable string: hyphens count as spaces."""
    return normalize(text.replace("-", " "))


def stem(token: str) -> str:
    """A deliberately small stemmer: folds plurals, -ing and -ed forms and a final e together.

    "make", "making" and "makes" all become "mak"; "embedded" and "embedding" become "embed".
    """
    if len(token) <= 3 or not token.isalpha():
        return token
    word = token
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + keep
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


def terms(text: str) -> list[str]:
    """Content words of a text, stemmed; hyphenated words also yield their parts."""
    out = []
    words = " ".join(ABBREVIATIONS.get(w, w) for w in normalize(text).split()).split()
    for token in _join_spelled_letters(words):
        parts = [token, *re.split(r"[-.]", token)] if ("-" in token or "." in token) else [token]
        for part in parts:
            if part and part not in STOPWORDS:
                out.append(stem(part))
    return out
