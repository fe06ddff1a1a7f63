"""The planner: a goal becomes a plan of small steps, each given to the teammate who fits, with
what done means and what it waits for; the steps become tasks (and, where the goal names a
repository, Gitea issues and a tracking issue that is ticked as steps finish)."""
