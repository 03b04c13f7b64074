"""The labs' replies: the text, the picture, the buttons and the facts scripts read."""

from __future__ import annotations

from bot.engine.actions import ExplainAction, SampleAction, encode
from bot.engine.labs.lab import SHOWN_TOKENS, SampleResult, TokensResult, describe
from bot.engine.labs.payloads import NextWordChance, SampleLab, TokenCount, TokenItem, TokensLab
from bot.engine.labs.tokenizers import READERS, Tokenization
from bot.engine.labs.words import PUNCTUATION, words
from bot.engine.reply import Attachment, Button, Reply, ReplyKind, Style, said
from bot.pictures.bars import percent

TOKENIZATION_TOPIC = "tokens-and-tokenization"
SAMPLING_TOPIC = "sampling-and-decoding"
RERUN_TEMPERATURES = (0.2, 1.0, 1.5)
# What a button re-runs when the model read no word of the prompt: it reads none here either.
NO_CONTEXT = "…"
MODEL_LABEL = (
    "*A tiny model built from llmbot's notes, not a real LLM; temperature and top-p work on "
    "it exactly as they do on one.*"
)


def tokens_reply(result: TokensResult, topics: frozenset[str]) -> Reply:
    first = result.tokenizations[0]
    lines = [
        f"About **{first.count:,} tokens**: what {READERS[first.encoding]} would read "
        f"({first.characters_per_token:.1f} characters and {first.words_per_token:.2f} words "
        "per token)."
    ]
    for other in result.tokenizations[1:]:
        reader = READERS[other.encoding]
        lines.append(f"{reader[0].upper()}{reader[1:]} would read **{other.count:,}** "
                     f"({other.encoding}).")
    for done in result.tokenizations:
        if len(result.tokenizations) > 1:
            lines.append(f"\n**{done.encoding}**")
        lines.append(_token_line(done))
    if result.cut:
        lines.append(f"\nThe first {SHOWN_TOKENS} tokens; the attached file lists them all.")
    buttons: tuple[Button, ...] = ()
    if TOKENIZATION_TOPIC in topics:
        explain = encode(ExplainAction(TOKENIZATION_TOPIC, "standard"))
        buttons = (Button(explain, "How tokenization works"),)
    return Reply(
        kind=ReplyKind.TOKENS,
        title="Tokens · " + " vs ".join(t.encoding for t in result.tokenizations),
        body="\n".join(lines),
        image=result.picture,
        buttons=buttons,
        attachment=(
            Attachment("tokens.txt", _listing(result).encode(), "text/plain",
                       note="Every token of your text, one per line.")
            if result.cut
            else None
        ),
        footer="Real tokenizers, run offline · ␣ is a space · <0xE2> is one byte of a character",
        payload=TokensLab(
            encoding=first.encoding,
            count=first.count,
            characters_per_token=round(first.characters_per_token, 3),
            words_per_token=round(first.words_per_token, 3),
            tokens=_items(first),
            compare=tuple(
                TokenCount(encoding=t.encoding, count=t.count, tokens=_items(t))
                for t in result.tokenizations[1:]
            ),
        ),
    )


def sample_reply(result: SampleResult, topics: frozenset[str]) -> Reply:
    settings, run = result.settings, result.run
    next_word = run.next_word
    chosen = describe(settings)
    typed = len(words(result.prompt)[-2:])
    lines = [MODEL_LABEL, "", _context_line(next_word.context, next_word.order, typed), ""]
    lines.append(f"The 10 likeliest next words, at temperature 1 → {chosen}:")
    lines += [
        f"{rank}. `{row.word}` {percent(row.model)} → **{percent(row.chosen)}**"
        for rank, row in enumerate(next_word.top, start=1)
    ]
    if settings.temperature == 0:
        lines.append("Temperature 0 always takes the most likely word (ties go alphabetically).")
    elif next_word.kept < next_word.vocabulary:
        lines.append(
            f"Top-k and top-p kept {next_word.kept:,} of {next_word.vocabulary:,} words; "
            "the rest can no longer be drawn."
        )
    lines += ["", f"**Three continuations** of 12 words ({chosen}):"]
    lines += [f"- {said(result.prompt)}{_joined(text)}" for text in run.continuations]
    context = next_word.context
    buttons = [
        Button(
            encode(SampleAction(context, t, settings.top_p, settings.top_k, run.seed)),
            f"Temperature {t:g}",
            Style.PRIMARY if t == settings.temperature else Style.SECONDARY,
        )
        for t in RERUN_TEMPERATURES
    ]
    if SAMPLING_TOPIC in topics:
        buttons.append(
            Button(encode(ExplainAction(SAMPLING_TOPIC, "standard")), "How sampling works")
        )
    return Reply(
        kind=ReplyKind.SAMPLE,
        title="Sampling lab · the next word",
        body="\n".join(lines),
        image=result.picture,
        buttons=tuple(buttons),
        footer=f"Seed {run.seed}: add --seed {run.seed} to draw the same continuations again",
        payload=SampleLab(
            prompt=result.prompt,
            context=context,
            order=next_word.order,
            temperature=settings.temperature,
            top_p=settings.top_p,
            top_k=settings.top_k,
            seed=run.seed,
            next_words=tuple(
                NextWordChance(word=row.word, model=round(row.model, 6),
                               chosen=round(row.chosen, 6))
                for row in next_word.top
            ),
            kept=next_word.kept,
            vocabulary=next_word.vocabulary,
            continuations=run.continuations,
        ),
    )


def button_prompt(context: tuple[str, ...]) -> str:
    """The prompt a re-run button stands for: the words the model read, as it read them."""
    return " ".join(word for word in context if word) or NO_CONTEXT


def _context_line(context: tuple[str, ...], order: int, typed: int) -> str:
    """What the model read of the prompt, and why it read less when it did."""
    if order == 3:
        return f"The model read the last two words, “{said(' '.join(context))}”."
    if order == 2 and typed < 2:
        return f"The model read the word “{said(context[-1])}”."
    if order == 2:
        return (
            f"The model knows “{said(context[-1])}” but never saw the last two words together "
            "in its notes, so it backed off to that one word."
        )
    return (
        "None of the last words appears in llmbot's notes, so the model backed off to plain "
        "word frequencies: the unigram distribution."
    )


def _joined(continuation: str) -> str:
    """A continuation after the prompt: punctuation sticks to it, a word takes a space."""
    return continuation if continuation[:1] in PUNCTUATION else f" {continuation}"


def _token_line(done: Tokenization) -> str:
    return " · ".join(f"{said(t.shown)} `{t.id}`" for t in done.tokens[:SHOWN_TOKENS])


def _items(done: Tokenization) -> tuple[TokenItem, ...]:
    return tuple(TokenItem(id=t.id, text=t.text) for t in done.tokens)


def _listing(result: TokensResult) -> str:
    """Every token of every encoding, one per line: position, id and text."""
    lines = []
    for done in result.tokenizations:
        lines.append(f"# {done.encoding}: {done.count} tokens (position, id, text; ␣ is a space)")
        lines += [f"{i}\t{t.id}\t{t.shown}" for i, t in enumerate(done.tokens, start=1)]
    return "\n".join(lines) + "\n"
