"""The database tool against a real PostgreSQL: reflection finds tables, keys and indexes; a
query returns at most the row limit; a write statement is refused by the database (and a second
statement cannot end the read-only transaction); a slow query is stopped at its time limit."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from pydantic import SecretStr, ValidationError

from blackboard.database import Database
from controllers.settings import SettingsError, load_settings
from knowledge_sources.database import DatabaseTool, DatabaseToolSettings, UnknownDatabaseError
from knowledge_sources.database.errors import (
    DatabaseToolError,
    QueryRefusedError,
    QueryTimeoutError,
)
from tests.db_tool_helpers import count, shop_database, tool_settings


@pytest.fixture(scope="module")
def shop(fresh_database: Callable[[], Database]) -> str:
    return shop_database(fresh_database)


async def test_inspect_finds_tables_columns_keys_and_indexes(shop: str) -> None:
    schema = await DatabaseTool(tool_settings(shop)).inspect("shop")
    tables = {t.qualified: t for t in schema.tables}
    assert set(tables) == {"public.customers", "public.orders"}
    orders = tables["public.orders"]
    types = {c.name: c.type for c in orders.columns}
    assert types == {
        "id": "bigint",
        "customer_id": "bigint",
        "total": "numeric(10,2)",
        "embedding": "vector(3)",
    }
    assert orders.primary_key == ("id",)
    (fk,) = orders.foreign_keys
    assert (fk.columns, fk.target, fk.target_columns) == (
        ("customer_id",),
        "public.customers",
        ("id",),
    )
    assert [(i.name, i.columns, i.unique) for i in orders.indexes] == [
        ("orders_customer_idx", ("customer_id",), False)
    ]
    nullable = {c.name: c.nullable for c in tables["public.customers"].columns}
    assert nullable == {"id": False, "email": False, "name": True}
    assert schema.relations() == [("public.orders", "public.customers")]


async def test_relations_across_schemas_name_the_right_schema(
    fresh_database: Callable[[], Database],
) -> None:
    url = shop_database(
        fresh_database,
        "CREATE TABLE customers (id int PRIMARY KEY); CREATE SCHEMA sales; "
        "CREATE TABLE sales.invoices (id int PRIMARY KEY, customer_id int REFERENCES customers); "
        "CREATE TABLE sales.lines (id int PRIMARY KEY, invoice_id int REFERENCES sales.invoices); "
        "CREATE TABLE notes (id int PRIMARY KEY, line_id int REFERENCES sales.lines)",
    )
    schema = await DatabaseTool(tool_settings(url)).inspect("shop")
    assert schema.relations() == [
        ("public.notes", "sales.lines"),
        ("sales.invoices", "public.customers"),
        ("sales.lines", "sales.invoices"),
    ]


async def test_a_query_returns_at_most_the_row_limit(shop: str) -> None:
    tool = DatabaseTool(tool_settings(shop, row_limit=4))
    result = await tool.query("shop", "SELECT id, email FROM customers ORDER BY id")
    assert result.columns == ("id", "email")
    assert result.rows == tuple((n, f"c{n}@example.org") for n in range(1, 5))
    assert result.truncated and result.row_limit == 4
    fewer = await tool.query("shop", "SELECT id FROM customers ORDER BY id", row_limit=2)
    assert fewer.rows == ((1,), (2,)) and fewer.truncated
    more = await tool.query("shop", "SELECT id FROM customers", row_limit=1000)
    assert more.row_limit == 4, "an agent cannot ask past the operator's limit"
    everything = await tool.query("shop", "SELECT count(*) AS n FROM orders")
    assert everything.rows == ((10,),) and not everything.truncated


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM orders",
        "UPDATE customers SET name = 'x'",
        "INSERT INTO customers (email) VALUES ('new@example.org')",
        "CREATE TABLE sneaky (id int)",
        "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone",
        "SELECT nextval('customers_id_seq')",
    ],
)
async def test_a_write_statement_is_refused_by_the_database(shop: str, sql: str) -> None:
    tool = DatabaseTool(tool_settings(shop))
    with pytest.raises(QueryRefusedError, match=r"only reads .*read-only transaction"):
        await tool.query("shop", sql)
    assert (count(shop, "orders"), count(shop, "customers")) == (10, 10)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; DELETE FROM orders",
        "COMMIT; SET default_transaction_read_only = off; DELETE FROM orders",
    ],
)
async def test_a_second_statement_cannot_escape_the_read_only_transaction(
    shop: str, sql: str
) -> None:
    with pytest.raises(QueryRefusedError, match="multiple commands"):
        await DatabaseTool(tool_settings(shop)).query("shop", sql)
    assert count(shop, "orders") == 10


async def test_a_slow_query_is_stopped_at_its_limit(shop: str) -> None:
    tool = DatabaseTool(tool_settings(shop, timeout_s=0.5))
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"stopped at its limit of 0\.5 s"):
        await tool.query("shop", "SELECT pg_sleep(5)")
    assert time.monotonic() - started < 3
    # the limit holds even when the statement tries to lift it for itself
    with pytest.raises(QueryTimeoutError):
        await tool.query("shop", "SELECT set_config('statement_timeout', '0', true), pg_sleep(5)")
    assert time.monotonic() - started < 5


async def test_unknown_and_unreachable_databases_are_named(shop: str) -> None:
    tool = DatabaseTool(tool_settings(shop))
    with pytest.raises(UnknownDatabaseError, match="no database named 'crm'; known: shop"):
        await tool.query("crm", "SELECT 1")
    gone = DatabaseTool(
        DatabaseToolSettings(
            databases={"old": SecretStr("postgresql://reader:s3cret@127.0.0.1:9/old")}
        )
    )
    with pytest.raises(DatabaseToolError, match="cannot reach database 'old'") as caught:
        await gone.query("old", "SELECT 1")
    assert "s3cret" not in str(caught.value)
    with pytest.raises(DatabaseToolError, match="cannot inspect database 'old'") as caught:
        await gone.inspect("old")
    assert "s3cret" not in str(caught.value)


def test_settings_read_pairs_or_json_and_keep_urls_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "GA_DB_TOOL_DATABASES",
        "shop=postgresql://reader:s3cret@db/shop?sslmode=require,crm=postgresql://r@db/crm",
    )
    monkeypatch.setenv("GA_DB_TOOL_REPOS", "acme/shop=shop,acme/shop=crm,acme/crm=crm")
    settings = DatabaseToolSettings()
    assert settings.names() == ["crm", "shop"]
    assert settings.databases["shop"].get_secret_value().endswith("/shop?sslmode=require")
    assert settings.for_repo("ACME/Shop") == ["crm", "shop"]
    assert settings.for_repo("acme/other") == []
    assert settings.repos_of("crm") == ["acme/crm", "acme/shop"]
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())
    monkeypatch.setenv("GA_DB_TOOL_DATABASES", '{"shop": "postgresql://r@db/shop"}')
    monkeypatch.setenv("GA_DB_TOOL_REPOS", '{"acme/shop": "shop"}')
    assert DatabaseToolSettings().for_repo("acme/shop") == ["shop"]
    monkeypatch.setenv("GA_DB_TOOL_REPOS", "acme/shop=crm")
    with pytest.raises(ValidationError, match="GA_DB_TOOL_DATABASES does not name"):
        DatabaseToolSettings()
    monkeypatch.setenv("GA_DB_TOOL_REPOS", "")
    monkeypatch.setenv("GA_DB_TOOL_DATABASES", "Shop DB=mysql://reader:s3cret@db/shop")
    bad_name = r"bad setting GA_DB_TOOL_DATABASES: .*lower case"
    with pytest.raises(SettingsError, match=bad_name) as bad:
        load_settings()
    assert "s3cret" not in str(bad.value)
    monkeypatch.setenv("GA_DB_TOOL_DATABASES", "shop=mysql://reader:s3cret@db/shop")
    with pytest.raises(SettingsError, match="must start with postgresql://") as bad:
        load_settings()
    assert "s3cret" not in str(bad.value)


async def test_a_superuser_url_is_warned_about_once_and_a_reader_role_is_not(
    shop: str, caplog: pytest.LogCaptureFixture
) -> None:
    admin = DatabaseTool(DatabaseToolSettings(databases={"admin": SecretStr(shop)}))
    with caplog.at_level(logging.WARNING, logger="knowledge_sources.database.query"):
        await admin.query("admin", "SELECT 1")
        await admin.query("admin", "SELECT 2")
    warned = [r.getMessage() for r in caplog.records if "as a superuser" in r.getMessage()]
    assert warned == [
        "the database tool reads 'admin' as a superuser: writes are refused, but admin "
        "functions are not; give it a read-only role (docs/database-specialists.md)"
    ]
    with psycopg.connect(shop, autocommit=True) as conn:
        conn.execute("CREATE ROLE shop_reader LOGIN PASSWORD 'pw' NOSUPERUSER")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO shop_reader")
    parts = urlsplit(shop)
    reader_url = urlunsplit(parts._replace(netloc=f"shop_reader:pw@{parts.hostname or ''}"))
    caplog.clear()
    reader = DatabaseTool(DatabaseToolSettings(databases={"reader": SecretStr(reader_url)}))
    with caplog.at_level(logging.WARNING, logger="knowledge_sources.database.query"):
        result = await reader.query("reader", "SELECT count(*) FROM customers")
        with pytest.raises(QueryRefusedError):
            await reader.query("reader", "DELETE FROM customers")
    assert result.rows == ((10,),) and not caplog.records
    assert count(shop, "customers") == 10
