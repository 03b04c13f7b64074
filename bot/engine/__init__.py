"""Platform-neutral use cases: explain, quiz, answer, leaderboards."""

from bot.engine.clock import Clock, SystemClock
from bot.engine.commands import Actor
from bot.engine.engine import Engine
from bot.engine.reply import Button, Field, Image, Link, MenuOption, Reply, Style, Visibility

__all__ = [
    "Actor",
    "Button",
    "Clock",
    "Engine",
    "Field",
    "Image",
    "Link",
    "MenuOption",
    "Reply",
    "Style",
    "SystemClock",
    "Visibility",
]
