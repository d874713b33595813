"""One size limit for every upload (settings.BOLLWERK_UPLOAD_MAX_BYTES).

The middleware refuses a request whose declared body is larger before Django
reads it; the upload handler stops a streamed body that grows past the limit.
Services still check the size of what they are given (commands read files).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

#: Room for multipart boundaries and form fields beside the file itself.
_OVERHEAD = 1024 * 1024


def _limit_message() -> str:
    return _("The upload is larger than the limit of %(mb)d MB.") % {
        "mb": settings.BOLLWERK_UPLOAD_MAX_BYTES // (1024 * 1024)
    }


class UploadSizeLimitMiddleware:
    """Answers 413 to a request body declared larger than the upload limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.BOLLWERK_UPLOAD_MAX_BYTES + _OVERHEAD:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _limit_message()}, status=413)
            return HttpResponse(
                _limit_message(), status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops a streamed upload far past the limit (no Content-Length needed).

    It allows the same overhead as the middleware, so a file just over the
    limit still reaches the form or service, which names it in its message.
    """

    def new_file(self, *args, **kwargs):
        self.received = 0
        return super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.BOLLWERK_UPLOAD_MAX_BYTES + _OVERHEAD:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
