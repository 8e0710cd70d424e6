from django.middleware.gzip import GZipMiddleware


class GZipPublicPagesMiddleware(GZipMiddleware):
    """Compress responses, except pages that carry a CSRF token.

    Compressing a secret next to text an attacker can influence leaks the
    secret through the compressed size (BREACH). Django masks CSRF tokens per
    response, and this leaves pages with forms that post uncompressed as well:
    they are few (the admin and login), and every public page stays compressed.
    """

    def process_response(self, request, response):
        if not response.streaming and b'name="csrfmiddlewaretoken"' in response.content:
            return response
        return super().process_response(request, response)
