"""Board events: NOTIFY on every write (ids only), a listener that never misses one, and
subscribers that keep their cursor on the board."""

from blackboard.events.listener import BoardEvent, BoardListener, latest_event_id
from blackboard.events.subscriber import BoardSubscriber, EventHandler, StartAt

__all__ = [
    "BoardEvent",
    "BoardListener",
    "BoardSubscriber",
    "EventHandler",
    "StartAt",
    "latest_event_id",
]
