"""Board events: NOTIFY on every write (ids only) and a listener that never misses one."""

from blackboard.events.listener import BoardEvent, BoardListener, latest_event_id

__all__ = ["BoardEvent", "BoardListener", "latest_event_id"]
