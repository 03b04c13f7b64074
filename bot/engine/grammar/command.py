"""What every command says about itself, so adapters ask the command instead of listing them."""

from __future__ import annotations

from typing import ClassVar


class CommandTraits:
    """Class-level facts an adapter needs before the engine has answered.

    `private`: the reply is normally for the member only (refusals and a declined
    explanation are private whatever the command), so Discord can defer it with the right
    visibility. `slow`: the command waits on the chat platform itself (a permission check,
    a post), so Discord defers it at once instead of waiting to see.
    """

    __slots__ = ()
    private: ClassVar[bool] = True
    slow: ClassVar[bool] = False
