"""The `/llm …` text grammar: one module per command family, one `parse` for all of them.

Every command is a frozen dataclass that says whether its reply is normally private and
whether it waits on the platform (`CommandTraits`); adapters ask the command, never a list.
"""

from bot.engine.grammar.ask import Ask
from bot.engine.grammar.command import CommandTraits
from bot.engine.grammar.daily import (
    DailyAdminCommand,
    DailyCommand,
    DailyNow,
    DailyOff,
    DailyPreview,
    DailySetup,
    DailySkip,
    DailyStatus,
    parse_setup,
)
from bot.engine.grammar.labs import LabCommand, Sample, Tokens
from bot.engine.grammar.learn import Answer, Explain, Help, LearnCommand, Quiz, Topics
from bot.engine.grammar.parse import USAGE, Command, parse, replies_privately
from bot.engine.grammar.progress import (
    ForgetMe,
    Practice,
    Problem,
    Progress,
    ProgressCommand,
)
from bot.engine.grammar.standings import Leaderboard, Me, StandingsCommand
from bot.engine.grammar.teams import (
    TeamAdminCommand,
    TeamCommand,
    TeamCreate,
    TeamDelete,
    TeamJoin,
    TeamLeave,
    TeamLink,
    TeamList,
    TeamRename,
    TeamShow,
)
from bot.engine.grammar.workspace import (
    SettingsAdminCommand,
    SettingsAdminRoles,
    SettingsCommand,
    SettingsShow,
    SettingsTimezone,
)

__all__ = [
    "USAGE",
    "Answer",
    "Ask",
    "Command",
    "CommandTraits",
    "DailyAdminCommand",
    "DailyCommand",
    "DailyNow",
    "DailyOff",
    "DailyPreview",
    "DailySetup",
    "DailySkip",
    "DailyStatus",
    "Explain",
    "ForgetMe",
    "Help",
    "LabCommand",
    "Leaderboard",
    "LearnCommand",
    "Me",
    "Practice",
    "Problem",
    "Progress",
    "ProgressCommand",
    "Quiz",
    "Sample",
    "SettingsAdminCommand",
    "SettingsAdminRoles",
    "SettingsCommand",
    "SettingsShow",
    "SettingsTimezone",
    "StandingsCommand",
    "TeamAdminCommand",
    "TeamCommand",
    "TeamCreate",
    "TeamDelete",
    "TeamJoin",
    "TeamLeave",
    "TeamLink",
    "TeamList",
    "TeamRename",
    "TeamShow",
    "Tokens",
    "Topics",
    "parse",
    "parse_setup",
    "replies_privately",
]
