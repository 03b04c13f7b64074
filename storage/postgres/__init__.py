"""The PostgreSQL backend (asyncpg), for several bot processes sharing one database."""

from storage.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
