"""Mutual aid: the life of a need, aid groups, and what the public pages publish (with small-count suppression)."""
