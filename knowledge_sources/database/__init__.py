"""The database tool: schema inspection by reflection and read-only SQL, with row and time
limits enforced by PostgreSQL, against the databases the operator names (``GA_DB_TOOL_*``)."""

from knowledge_sources.database.errors import DatabaseToolError, UnknownDatabaseError
from knowledge_sources.database.settings import DatabaseToolSettings
from knowledge_sources.database.tool import DatabaseTool

__all__ = ["DatabaseTool", "DatabaseToolError", "DatabaseToolSettings", "UnknownDatabaseError"]
