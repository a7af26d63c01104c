"""The activities area's GraphQL types, inputs, payloads and root fields.

Activities and tasks (DOMAIN K1-K5): activity templates, tasks, assigning an activity, and
reading tasks.
"""
