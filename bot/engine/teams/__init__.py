"""Teams: membership (by hand or by role) and team standings."""
