"""The knowledge base: loading, validating and searching `content/`."""

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.loader import default_content_root, load_knowledge
from bot.knowledge.located import ContentError, ContentInvalid
from bot.knowledge.models import DEPTHS, DIFFICULTIES, Depth, Difficulty, Question, Topic

__all__ = [
    "DEPTHS",
    "DIFFICULTIES",
    "ContentError",
    "ContentInvalid",
    "Depth",
    "Difficulty",
    "KnowledgeBase",
    "Question",
    "Topic",
    "default_content_root",
    "load_knowledge",
]
