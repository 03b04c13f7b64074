"""Generate llmbot's teaching diagrams as PNG files under content/figures/."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
from figure_kit import DEFAULT_OUT_DIR, DPI, STYLE
from figures_inference import (
    kv_cache,
    mixture_of_experts,
    quantization_memory,
    sampling_temperature,
)
from figures_landscape import agent_loop, model_timeline
from figures_models import (
    attention_heatmap,
    embedding_space,
    parameter_counts,
    rnn_vs_transformer,
    tokenization,
    transformer_block,
)
from figures_pipelines import clip_dual_encoder, context_window, rag_pipeline, training_pipeline
from matplotlib.figure import Figure

FIGURES: dict[str, Callable[[], Figure]] = {
    "tokenization.png": tokenization,
    "embedding-space.png": embedding_space,
    "transformer-block.png": transformer_block,
    "attention-heatmap.png": attention_heatmap,
    "rnn-vs-transformer.png": rnn_vs_transformer,
    "parameter-counts.png": parameter_counts,
    "context-window.png": context_window,
    "training-pipeline.png": training_pipeline,
    "clip-dual-encoder.png": clip_dual_encoder,
    "rag-pipeline.png": rag_pipeline,
    "sampling-temperature.png": sampling_temperature,
    "mixture-of-experts.png": mixture_of_experts,
    "kv-cache.png": kv_cache,
    "quantization-memory.png": quantization_memory,
    "agent-loop.png": agent_loop,
    "model-timeline.png": model_timeline,
}


def render(name: str, out_dir: Path) -> Path:
    """Build one figure under the shared style and write it with byte-stable PNG settings."""
    path = out_dir / name
    with matplotlib.rc_context(STYLE):
        fig = FIGURES[name]()
        fig.savefig(path, dpi=DPI, metadata={"Software": None}, pil_kwargs={"optimize": True})
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = Path(args[0]) if args else DEFAULT_OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in FIGURES:
        print(render(name, out_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
