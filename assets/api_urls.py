"""REST endpoints of the assets app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from assets.advisories.api import AdvisoryViewSet

router = SimpleRouter()
router.register("advisories", AdvisoryViewSet, basename="advisory")

urlpatterns = router.urls
