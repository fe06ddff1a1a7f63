"""``db inspect`` and ``db query`` as a person runs them: the real console script against a
database named in ``GA_DB_TOOL_DATABASES``; a write refused with the database's reason."""

from __future__ import annotations

import json
from collections.abc import Callable

from blackboard.database import Database
from tests.cli_runner import cli_env, run_cli
from tests.db_tool_helpers import count, shop_database


def test_db_inspect_and_query_through_the_cli(fresh_database: Callable[[], Database]) -> None:
    url = shop_database(fresh_database)
    env = cli_env(GA_DB_TOOL_DATABASES=f"shop={url}", GA_DB_TOOL_ROW_LIMIT="3")

    shown = run_cli("db", "inspect", "shop", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "public.orders" in shown.stdout and "-> public.customers" in shown.stdout
    assert "index orders_customer_idx (customer_id)" in shown.stdout

    asked = run_cli("db", "query", "shop", "SELECT id, email FROM customers ORDER BY id", env=env)
    assert asked.returncode == 0, asked.stderr
    assert "c3@example.org" in asked.stdout and "c4@example.org" not in asked.stdout
    assert "cut at the limit of 3 rows" in asked.stdout

    as_json = run_cli("db", "query", "shop", "SELECT 2 + 2 AS four", "--json", env=env)
    assert json.loads(as_json.stdout)["rows"] == [[4]]

    refused = run_cli("db", "query", "shop", "DELETE FROM orders", env=env)
    assert refused.returncode == 1
    assert "only reads (cannot execute DELETE in a read-only transaction)" in refused.stderr
    assert count(url, "orders") == 10

    unnamed = run_cli("db", "inspect", "shop", env=cli_env())
    assert unnamed.returncode == 1 and "set GA_DB_TOOL_DATABASES" in unnamed.stderr
    assert url not in shown.stdout + shown.stderr + refused.stderr
