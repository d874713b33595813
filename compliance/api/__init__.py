"""REST API of the compliance app (serializers and views), mounted under /api/v1/."""
