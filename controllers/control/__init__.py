"""The control component: who works on what next (matching, rating, guards, SAQ queues)."""
