"""Board operations with their rules (upserts, optimistic locking, audit), on an AsyncSession."""
