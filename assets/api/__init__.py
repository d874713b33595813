"""REST API of the assets app: serializers and viewsets."""
