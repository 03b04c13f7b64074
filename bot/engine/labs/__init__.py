"""Hands-on labs: real tokenizers (`/llm tokens`) and sampling on a word model (`/llm sample`).

Nothing here is imported until a lab is used (the grammar needs only `options`): the
tokenizer library loads on the first `tokens`, the word model is built on the first `sample`.
"""
