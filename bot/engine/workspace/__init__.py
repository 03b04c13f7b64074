"""A workspace's own settings: time zone, admin roles, and who counts as an admin."""
