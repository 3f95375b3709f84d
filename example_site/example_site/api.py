"""The site's headless API, as Wagtail's documentation sets it up: pages, images and
documents under ``/api/v2/`` (see ``urls.py``). Course pages give their fields and
blocks as ``docs/api.md`` in wagtail-peersupport describes."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
