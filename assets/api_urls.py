"""REST endpoints of the assets app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from assets.advisories.api import AdvisoryViewSet
from assets.api import matching, sbom, views

router = SimpleRouter()
router.register("assets", views.AssetViewSet, basename="asset")
router.register("sites", views.SiteViewSet, basename="site")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("conduits", views.ConduitViewSet, basename="conduit")
router.register("services", views.EssentialServiceViewSet, basename="service")
router.register("links", views.LinkViewSet, basename="link")
router.register("service-dependencies", views.ServiceDependencyViewSet, basename="dependency")
router.register("suppliers", views.SupplierViewSet, basename="supplier")
router.register("products", views.ProductViewSet, basename="product")
router.register("advisories", AdvisoryViewSet, basename="advisory")
router.register("sboms", sbom.SbomViewSet, basename="sbom")
router.register("vulnerabilities", matching.VulnerabilityMatchViewSet, basename="vulnerability")

urlpatterns = router.urls
