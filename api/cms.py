"""/api/v1/cms/: Wagtail's API v2 for pages (live and public only, as its page endpoint
serves them), images and documents. Page types list the fields they expose (`api_fields`)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

cms_router = WagtailAPIRouter("cms-api")
cms_router.register_endpoint("pages", PagesAPIViewSet)
cms_router.register_endpoint("images", ImagesAPIViewSet)
cms_router.register_endpoint("documents", DocumentsAPIViewSet)
