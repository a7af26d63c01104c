"""Activities and tasks (DOMAIN K1-K5): activity templates, tasks, assigning an activity, and
reading tasks."""
